// The reference for the server's own overhead: a bare fastify route (fastify's defaults: its JSON parser, no
// logger, no hooks) that answers the same inference JSON with the same model, computed as a plain JavaScript dot
// product. `linwasm serve` is measured against it in the same run. Run as a child process:
//   node server/bench/reference.mjs <port> <model.json>
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [port, modelFile] = process.argv.slice(2);
const model = JSON.parse(readFileSync(modelFile, 'utf8'));
const coef = Float64Array.from(model.coef);
const intercept = model.intercept;

const app = Fastify({ logger: false });
app.get('/v2/health/live', async () => ({ live: true }));
app.post('/v2/models/:name/infer', async (request) => {
  const input = request.body.inputs[0];
  const [rows, cols] = input.shape;
  const data = input.data;
  const out = new Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = intercept;
    for (let j = 0; j < cols; j++) s += data[i * cols + j] * coef[j];
    out[i] = s;
  }
  return {
    model_name: request.params.name,
    model_version: '1',
    outputs: [{ name: 'output-0', shape: [rows], datatype: input.datatype, data: out }],
  };
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.send?.('listening');
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
