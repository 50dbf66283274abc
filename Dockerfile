# The model server (linwasm serve) in a container, for KServe or any container platform.
#   docker build -t linwasm-server .
#   docker run -p 8080:8080 -p 8081:8081 -v "$PWD/models/diabetes:/mnt/models:ro" \
#     -e LINWASM_MODEL_NAME=diabetes linwasm-server
# With no arguments it serves the model directory mounted at /mnt/models (KServe's layout) on HTTP
# 8080 and gRPC 8081; any arguments replace those (e.g. `--models /models` for a registry).

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/bin ./bin
COPY --from=build /src/proto ./proto
USER node
EXPOSE 8080 8081
ENTRYPOINT ["node", "/app/bin/linwasm.mjs", "serve"]
CMD ["--model-dir", "/mnt/models", "--host", "0.0.0.0", "--port", "8080", "--grpc-port", "8081"]
