// Loaded last: the functions the host calls, the JSON it answers with and the globals that
// hold them cannot be replaced by the site's code.
"use strict";
(() => {
  const v = globalThis.__vigie;
  for (const name of ["evaluateConfig", "loadDataFile", "evalFrontMatter", "computePages", "pkg", "packageKeys", "requirePath"]) {
    if (name in v) Object.defineProperty(v, name, { value: v[name], writable: false, configurable: false });
  }
  Object.defineProperty(v, "json", { value: Object.freeze(v.json), writable: false, configurable: false });
  for (const name of ["__vigie", "__host"]) {
    Object.defineProperty(globalThis, name, { value: globalThis[name], writable: false, configurable: false });
  }
})();
