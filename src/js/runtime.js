// The sandbox's Node.js: CommonJS `require` over the site's files, `process` with only the
// variables Eleventy sets, a read-only `fs`, `path`, timers that never wait, and inert
// values for whatever vigie does not run. Host functions (from Rust): __host.read(path),
// __host.list(dir), __host.slugify(text), __host.version.
"use strict";
(() => {
  const host = globalThis.__host;
  const ROOT = "/site";
  const UNKNOWN = Symbol.for("vigie.unknown");
  // What an inert value prints as (around its name): a string holding it is unknown.
  const SENTINEL = "\u{F8FF}";
  const MARK = `${SENTINEL}unknown${SENTINEL}`;
  const marked = (name) => `${SENTINEL}${name}${SENTINEL}`;

  // An inert value: every property, call and construction gives another inert value, and
  // it prints as MARK, so that whatever is computed from it is known to be unknown.
  function inert(name) {
    const target = function () {};
    return new Proxy(target, {
      get(_, key) {
        if (key === UNKNOWN) return name;
        if (key === Symbol.toPrimitive) return () => marked(name);
        if (key === "toString" || key === "valueOf" || key === "toJSON") return () => marked(name);
        // Not a thenable: `await inert` gives the inert value back.
        if (key === "then") return undefined;
        if (key === Symbol.iterator) return function* () {};
        if (key === "length") return 0;
        return inert(`${name}.${String(key)}`);
      },
      apply() {
        return inert(`${name}()`);
      },
      construct() {
        return inert(`new ${name}`);
      },
      set() {
        return true;
      },
      has() {
        return false;
      },
    });
  }
  function isUnknown(value) {
    if (value === null || value === undefined) return false;
    if (typeof value === "string") return value.includes(SENTINEL);
    if (typeof value !== "object" && typeof value !== "function") return false;
    try {
      return value[UNKNOWN] !== undefined;
    } catch (_) {
      return true;
    }
  }
  // What an inert value came from, for messages.
  function unknownName(value) {
    if (typeof value !== "string") return value[UNKNOWN];
    const found = value.split(SENTINEL)[1];
    return found && found !== "unknown" ? found : "a value vigie does not know";
  }

  // A JavaScript value as JSON for the host: dates as { $date }, unknown values as
  // { $unknown }, functions as { $function }; cycles and depth are cut.
  function toHost(value, depth = 0, seen = new Set()) {
    if (isUnknown(value)) return { $unknown: unknownName(value) };
    if (value === null || typeof value === "boolean") return value;
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    if (typeof value === "string") return value;
    if (typeof value === "bigint") return Number(value);
    if (typeof value === "function") return { $function: value.name || "anonymous" };
    if (value === undefined || typeof value === "symbol") return undefined;
    if (value instanceof Date) {
      return Number.isNaN(value.getTime()) ? null : { $date: value.toISOString() };
    }
    if (depth > 12 || seen.has(value)) return { $unknown: "a value too deep to copy" };
    seen.add(value);
    let out;
    if (Array.isArray(value)) {
      out = value.map((item) => {
        const copied = toHost(item, depth + 1, seen);
        return copied === undefined ? null : copied;
      });
    } else {
      out = {};
      for (const key of Object.keys(value)) {
        const copied = toHost(value[key], depth + 1, seen);
        if (copied !== undefined) out[key] = copied;
      }
    }
    seen.delete(value);
    return out;
  }
  // The host's JSON back into JavaScript: { $date } becomes a Date.
  function fromHost(value) {
    if (Array.isArray(value)) return value.map(fromHost);
    if (value && typeof value === "object") {
      if (typeof value.$date === "string") return new Date(value.$date);
      if (typeof value.$unknown === "string") return inert(value.$unknown);
      const out = {};
      for (const key of Object.keys(value)) out[key] = fromHost(value[key]);
      return out;
    }
    return value;
  }

  // --- paths ---------------------------------------------------------------------------
  function normalize(path) {
    const absolute = path.startsWith("/");
    const parts = [];
    for (const part of path.split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") {
        if (parts.length && parts[parts.length - 1] !== "..") parts.pop();
        else if (!absolute) parts.push("..");
      } else parts.push(part);
    }
    const joined = parts.join("/");
    return absolute ? `/${joined}` : joined || ".";
  }
  const path = {
    sep: "/",
    delimiter: ":",
    normalize,
    join: (...parts) => normalize(parts.filter((p) => p !== "").join("/")),
    resolve: (...parts) => {
      let out = ROOT;
      for (const part of parts) out = String(part).startsWith("/") ? part : `${out}/${part}`;
      return normalize(out);
    },
    dirname: (p) => {
      const i = String(p).replace(/\/+$/, "").lastIndexOf("/");
      return i < 0 ? "." : i === 0 ? "/" : p.slice(0, i);
    },
    basename: (p, ext) => {
      const base = String(p).replace(/\/+$/, "").split("/").pop();
      return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
    },
    extname: (p) => {
      const base = path.basename(p);
      const i = base.lastIndexOf(".");
      return i <= 0 ? "" : base.slice(i);
    },
    isAbsolute: (p) => String(p).startsWith("/"),
    relative: (from, to) => {
      const a = path.resolve(from).split("/").filter(Boolean);
      const b = path.resolve(to).split("/").filter(Boolean);
      while (a.length && b.length && a[0] === b[0]) a.shift(), b.shift();
      return [...a.map(() => ".."), ...b].join("/");
    },
    parse: (p) => {
      const ext = path.extname(p);
      const base = path.basename(p);
      return { root: p.startsWith("/") ? "/" : "", dir: path.dirname(p), base, ext, name: ext ? base.slice(0, -ext.length) : base };
    },
    format: (o) => `${o.dir ? `${o.dir}/` : ""}${o.base || `${o.name || ""}${o.ext || ""}`}`,
  };
  path.posix = path;
  // A path the site gives (absolute under /site, or relative to it) as the host's path
  // relative to the root; null when it leaves the site.
  function siteRelative(p) {
    const full = path.resolve(String(p));
    if (full === ROOT) return "";
    return full.startsWith(`${ROOT}/`) ? full.slice(ROOT.length + 1) : null;
  }

  // --- fs, read-only over the site's files -----------------------------------------------
  function notFound(p) {
    const error = new Error(`ENOENT: no such file or directory, '${p}'`);
    error.code = "ENOENT";
    return error;
  }
  function entries(p) {
    const rel = siteRelative(p);
    return rel === null ? [] : globalThis.__vigie.json.parse(host.list(rel));
  }
  function readText(p) {
    const rel = siteRelative(p);
    const text = rel === null ? undefined : host.read(rel);
    if (text === undefined || text === null) throw notFound(p);
    return text;
  }
  function isDirectory(p) {
    const rel = siteRelative(p);
    return rel === "" || (rel !== null && entries(path.dirname(path.resolve(p))).some((e) => e.dir && e.name === path.basename(p)));
  }
  function exists(p) {
    const rel = siteRelative(p);
    if (rel === null) return false;
    return rel === "" || entries(path.dirname(path.resolve(p))).some((e) => e.name === path.basename(p));
  }
  const ignored = () => undefined;
  const fs = {
    readFileSync: (p) => readText(p),
    existsSync: exists,
    readdirSync: (p, options) => {
      const list = entries(p);
      if (!list.length && !isDirectory(p)) throw notFound(p);
      return options && options.withFileTypes
        ? list.map((e) => ({ name: e.name, isDirectory: () => e.dir, isFile: () => !e.dir, isSymbolicLink: () => false }))
        : list.map((e) => e.name);
    },
    statSync: (p) => {
      if (!exists(p)) throw notFound(p);
      const dir = isDirectory(p);
      return { isDirectory: () => dir, isFile: () => !dir, mtime: inert("fs.stat.mtime"), birthtime: inert("fs.stat.birthtime"), size: 0 };
    },
    // Writes do nothing: vigie never changes the site.
    writeFileSync: ignored,
    mkdirSync: ignored,
    appendFileSync: ignored,
    copyFileSync: ignored,
    rmSync: ignored,
    unlinkSync: ignored,
  };
  fs.lstatSync = fs.statSync;
  fs.promises = {
    readFile: async (p) => readText(p),
    readdir: async (p, options) => fs.readdirSync(p, options),
    stat: async (p) => fs.statSync(p),
    access: async (p) => {
      if (!exists(p)) throw notFound(p);
    },
    writeFile: async () => undefined,
    mkdir: async () => undefined,
  };
  fs.readFile = (p, options, callback) => {
    const done = typeof options === "function" ? options : callback;
    try {
      done(null, readText(p));
    } catch (error) {
      done(error);
    }
  };

  // --- process, console, timers ----------------------------------------------------------
  const env = { ELEVENTY_ROOT: ROOT, ELEVENTY_SOURCE: "cli", ELEVENTY_RUN_MODE: "build" };
  if (host.version >= 3) env.ELEVENTY_VERSION = "3.0.0";
  const process = {
    env,
    argv: ["node", "eleventy"],
    cwd: () => ROOT,
    platform: "linux",
    version: "v20.0.0",
    versions: { node: "20.0.0" },
    exit: ignored,
    on: ignored,
    nextTick: (fn, ...args) => Promise.resolve().then(() => fn(...args)),
    hrtime: Object.assign(() => [0, 0], { bigint: () => 0n }),
    memoryUsage: () => ({ heapUsed: 0 }),
  };
  globalThis.process = process;
  globalThis.console = { log: ignored, info: ignored, warn: ignored, error: ignored, debug: ignored, trace: ignored, time: ignored, timeEnd: ignored };
  // No event loop: a timeout runs once the current work is done; intervals never run.
  globalThis.setTimeout = (fn, _ms, ...args) => {
    Promise.resolve().then(() => fn(...args));
    return 0;
  };
  globalThis.setImmediate = globalThis.setTimeout;
  globalThis.setInterval = () => 0;
  globalThis.clearTimeout = ignored;
  globalThis.clearInterval = ignored;
  globalThis.clearImmediate = ignored;
  globalThis.global = globalThis;

  // A small WHATWG URL (QuickJS has none): enough for absolute links and file URLs.
  if (typeof globalThis.URL !== "function") {
    const PARTS = /^([a-z][a-z0-9+.-]*:)(?:\/\/([^/?#]*))?([^?#]*)(\?[^#]*)?(#.*)?$/i;
    class URL {
      constructor(input, base) {
        input = String(input);
        let m = PARTS.exec(input);
        if (!m && base !== undefined) {
          const b = new URL(base);
          let pathname;
          if (input.startsWith("//")) return new URL(b.protocol + input);
          if (input.startsWith("/")) pathname = input;
          else if (input.startsWith("?") || input.startsWith("#")) pathname = b.pathname + (input.startsWith("#") ? b.search : "") + input;
          else pathname = b.pathname.replace(/[^/]*$/, "") + input;
          m = PARTS.exec(`${b.protocol}//${b.host}${pathname}`);
        }
        if (!m) throw new TypeError(`Invalid URL: ${input}`);
        this.protocol = m[1].toLowerCase();
        this.host = (m[2] || "").toLowerCase();
        this.hostname = this.host.replace(/:\d+$/, "");
        this.port = (/:(\d+)$/.exec(this.host) || [])[1] || "";
        this.pathname = normalizeUrlPath(m[3] || "/");
        this.search = m[4] && m[4] !== "?" ? m[4] : "";
        this.hash = m[5] && m[5] !== "#" ? m[5] : "";
        this.origin = `${this.protocol}//${this.host}`;
      }
      get href() {
        return `${this.protocol}//${this.host}${this.pathname}${this.search}${this.hash}`;
      }
      toString() {
        return this.href;
      }
      toJSON() {
        return this.href;
      }
    }
    function normalizeUrlPath(p) {
      const out = [];
      const parts = p.split("/");
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        if (part === "..") {
          if (out.length > 1) out.pop();
        } else if (part !== "." || i === parts.length - 1) out.push(part === "." ? "" : part);
      }
      const joined = out.join("/");
      return joined.startsWith("/") ? joined : `/${joined}`;
    }
    globalThis.URL = URL;
  }

  // --- CommonJS --------------------------------------------------------------------------
  const modules = new Map();
  const CANDIDATES = ["", ".js", ".cjs", ".json", "/index.js", "/index.cjs", "/index.json"];
  function resolveFile(full) {
    for (const suffix of CANDIDATES) {
      const rel = siteRelative(full + suffix);
      if (rel !== null && rel !== "" && host.read(rel) !== undefined && host.read(rel) !== null) return rel;
    }
    return null;
  }
  function requirePath(rel) {
    const cached = modules.get(rel);
    if (cached) return cached.exports;
    const text = host.read(rel);
    if (text === undefined || text === null) throw notFound(`${ROOT}/${rel}`);
    const module = { exports: {}, id: `${ROOT}/${rel}`, filename: `${ROOT}/${rel}`, loaded: false };
    modules.set(rel, module);
    if (rel.endsWith(".json")) {
      module.exports = JSON.parse(text);
    } else {
      const dirname = path.dirname(`${ROOT}/${rel}`);
      // Compiled under the file's own name (and on its own lines), so that errors say where.
      const run = host.script(`(function (exports, require, module, __filename, __dirname) {${text}\n})`, `${ROOT}/${rel}`);
      run.call(module.exports, module.exports, makeRequire(dirname), module, `${ROOT}/${rel}`, dirname);
    }
    module.loaded = true;
    return module.exports;
  }
  function makeRequire(dirname) {
    const require = (spec) => {
      spec = String(spec);
      if (spec.startsWith(".") || spec.startsWith("/")) {
        const full = spec.startsWith("/") ? spec : `${dirname}/${spec}`;
        const rel = resolveFile(path.normalize(full));
        if (rel === null) throw new Error(`Cannot find module '${spec}' from ${dirname}`);
        return requirePath(rel);
      }
      return globalThis.__vigie.pkg(spec.startsWith("node:") ? spec.slice(5) : spec);
    };
    require.resolve = (spec) => (spec.startsWith(".") ? path.resolve(dirname, spec) : spec);
    require.cache = {};
    return require;
  }
  globalThis.require = makeRequire(ROOT);

  // A site file's value: the namespace of an ES module, or `{ default: module.exports }`
  // of CommonJS (the host's module loader tells one from the other, for `import` too).
  async function load(rel) {
    const text = host.read(rel);
    if (text === undefined || text === null) throw notFound(`${ROOT}/${rel}`);
    if (rel.endsWith(".json") || rel.endsWith(".cjs")) return { default: requirePath(rel) };
    return await import(`${ROOT}/${rel}`);
  }

  globalThis.__vigie = {
    // Taken now, before the site's code runs: what it does to `JSON` does not reach the host.
    json: { stringify: JSON.stringify.bind(JSON), parse: JSON.parse.bind(JSON) },
    // The size of an answer in bytes at most (UTF-16 units × 3), before the host copies it.
    lengthOf: (text) => (typeof text === "string" ? text.length * 3 : 0),
    ROOT,
    MARK,
    SENTINEL,
    inert,
    isUnknown,
    unknownName,
    toHost,
    fromHost,
    path,
    fs,
    process,
    makeRequire,
    requirePath,
    load,
    siteRelative,
  };
})();
