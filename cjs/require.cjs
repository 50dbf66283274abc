// `require('linwasm')` lands here: linwasm is published as ES modules only (its WASM is initialized with
// a top-level `await init()`), so CommonJS callers are told how to load it instead of getting Node's
// ERR_REQUIRE_ESM or an empty object.
throw new Error(
  "linwasm is an ES module: use `import` (or `await import('linwasm')` from CommonJS), e.g. " +
    "`const { init, LinearRegression } = await import('linwasm'); await init();`",
);
