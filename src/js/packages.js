// Stand-ins for the packages a site's JavaScript imports. Eleventy's own packages and
// markdown-it are recording stand-ins: they say which plugin and which options the site
// asked for. Node's built-in modules are the sandbox's. Any other package is inert.
"use strict";
(() => {
  const v = globalThis.__vigie;
  const { inert } = v;

  // A plugin function vigie knows by name: `addPlugin` records it instead of running it.
  function plugin(name) {
    const fn = function () {};
    Object.defineProperty(fn, "name", { value: name });
    fn.__vigiePlugin = name;
    return fn;
  }
  // A markdown-it plugin: `md.use` records its name and options.
  function markdownPlugin(name, extra = {}) {
    const fn = function () {};
    fn.__vigieMarkdownPlugin = name;
    return Object.assign(fn, extra);
  }

  // markdown-it: records its options and every `.use`, renders nothing.
  function MarkdownIt(preset, options) {
    if (!(this instanceof MarkdownIt)) return new MarkdownIt(preset, options);
    if (preset && typeof preset === "object") {
      options = preset;
      preset = "default";
    }
    this.__vigieMarkdown = { preset: preset || "default", options: { ...(options || {}) }, uses: [] };
    this.options = this.__vigieMarkdown.options;
    const ruler = () => ({ push() {}, before() {}, after() {}, at() {}, disable() {}, enable() {}, getRules: () => [] });
    this.renderer = { rules: {}, render: () => v.MARK, renderToken: () => "", renderInline: () => "", renderAttrs: () => "" };
    this.core = { ruler: ruler(), process() {} };
    this.block = { ruler: ruler(), tokenize() {} };
    this.inline = { ruler: ruler(), ruler2: ruler(), tokenize() {} };
    this.linkify = { set() {}, add() {}, tlds() {} };
    this.utils = inert("markdown-it.utils");
    this.helpers = inert("markdown-it.helpers");
    this.validateLink = () => true;
    this.normalizeLink = (url) => url;
    this.normalizeLinkText = (url) => url;
  }
  MarkdownIt.prototype.set = function (options) {
    Object.assign(this.__vigieMarkdown.options, options || {});
    return this;
  };
  MarkdownIt.prototype.use = function (fn, ...options) {
    const name = (fn && fn.__vigieMarkdownPlugin) || (fn && v.isUnknown(fn) ? String(v.unknownName(fn)) : "a plugin of the site's");
    this.__vigieMarkdown.uses.push({ name, options });
    // A plugin of the site's own runs: it may set options or wrap rules.
    if (typeof fn === "function" && !fn.__vigieMarkdownPlugin && !v.isUnknown(fn)) {
      try {
        fn(this, ...options);
      } catch (_) {}
    }
    return this;
  };
  MarkdownIt.prototype.enable = function () {
    return this;
  };
  MarkdownIt.prototype.disable = function () {
    return this;
  };
  MarkdownIt.prototype.render = () => v.MARK;
  MarkdownIt.prototype.renderInline = () => v.MARK;
  MarkdownIt.prototype.parse = () => [];
  MarkdownIt.prototype.parseInline = () => [];

  const anchorPermalink = (kind) => (options) => ({ __vigieAnchorPermalink: kind, options });
  const markdownItAnchor = markdownPlugin("markdown-it-anchor", {
    permalink: {
      ariaHidden: anchorPermalink("ariaHidden"),
      headerLink: anchorPermalink("headerLink"),
      linkAfterHeader: anchorPermalink("linkAfterHeader"),
      linkInsideHeader: anchorPermalink("linkInsideHeader"),
      legacy: anchorPermalink("legacy"),
    },
    defaults: { level: 1, slugify: (s) => encodeURIComponent(String(s).trim().toLowerCase().replace(/\s+/g, "-")) },
  });
  markdownItAnchor.default = markdownItAnchor;

  const eleventy = {
    IdAttributePlugin: plugin("IdAttributePlugin"),
    InputPathToUrlTransformPlugin: plugin("InputPathToUrlTransformPlugin"),
    HtmlBasePlugin: plugin("HtmlBasePlugin"),
    EleventyHtmlBasePlugin: plugin("HtmlBasePlugin"),
    I18nPlugin: plugin("I18nPlugin"),
    EleventyI18nPlugin: plugin("I18nPlugin"),
    RenderPlugin: plugin("RenderPlugin"),
    EleventyRenderPlugin: plugin("RenderPlugin"),
    BundlePlugin: plugin("BundlePlugin"),
    EleventyServerlessBundlerPlugin: plugin("ServerlessBundlerPlugin"),
    EleventyEdgePlugin: plugin("EdgePlugin"),
    Eleventy: inert("@11ty/eleventy.Eleventy"),
  };
  const navigation = Object.assign(plugin("eleventy-navigation"), { navigation: inert("eleventy-navigation.navigation") });
  const image = Object.assign(function Image() {
    return inert("@11ty/eleventy-img()");
  }, {
    eleventyImageTransformPlugin: plugin("eleventyImageTransformPlugin"),
    eleventyImagePlugin: plugin("eleventyImagePlugin"),
    eleventyImageOnRequestDuringServePlugin: plugin("eleventyImageOnRequestDuringServePlugin"),
    generateHTML: () => v.MARK,
    statsSync: () => inert("@11ty/eleventy-img.statsSync()"),
  });
  const rss = Object.assign(plugin("eleventy-plugin-rss"), {
    feedPlugin: plugin("feedPlugin"),
    dateToRfc3339: () => v.MARK,
    dateToRfc822: () => v.MARK,
    getNewestCollectionItemDate: () => v.MARK,
    absoluteUrl: (url, base) => {
      try {
        return new URL(url, base).toString();
      } catch (_) {
        return url;
      }
    },
    convertHtmlToAbsoluteUrls: () => v.MARK,
  });
  rss.default = rss;

  const known = {
    "@11ty/eleventy": eleventy,
    "@11ty/eleventy-navigation": navigation,
    "@11ty/eleventy-img": image,
    "@11ty/eleventy-plugin-rss": rss,
    "@11ty/eleventy-plugin-syntaxhighlight": plugin("eleventy-plugin-syntaxhighlight"),
    "@11ty/eleventy-plugin-bundle": plugin("eleventy-plugin-bundle"),
    "@11ty/eleventy-plugin-webc": plugin("eleventy-plugin-webc"),
    "@11ty/eleventy-plugin-vite": plugin("eleventy-plugin-vite"),
    "markdown-it": MarkdownIt,
    "markdown-it-anchor": markdownItAnchor,
    fs: v.fs,
    "fs/promises": v.fs.promises,
    path: v.path,
    "path/posix": v.path,
    process: v.process,
    url: {
      fileURLToPath: (u) => String(u && u.href ? u.href : u).replace(/^file:\/\//, ""),
      pathToFileURL: (p) => new URL(`file://${v.path.resolve(p)}`),
      URL,
      URLSearchParams: globalThis.URLSearchParams,
    },
    module: { createRequire: (from) => v.makeRequire(v.path.dirname(String(from && from.href ? from.href : from).replace(/^file:\/\//, ""))) },
    util: {
      format: (...args) => args.map(String).join(" "),
      inspect: (x) => v.json.stringify(x),
      promisify: (fn) => (...args) => new Promise((resolve, reject) => fn(...args, (e, r) => (e ? reject(e) : resolve(r)))),
      isDeepStrictEqual: (a, b) => v.json.stringify(a) === v.json.stringify(b),
    },
  };
  // The packages the site imports that vigie knows nothing of: whatever they compute is
  // unknown.
  const unknownPackages = new Set();
  const inerts = new Map();

  v.pkg = (name) => {
    if (Object.prototype.hasOwnProperty.call(known, name)) return known[name];
    if (name.startsWith("markdown-it-")) {
      if (!known[name]) known[name] = markdownPlugin(name);
      return known[name];
    }
    unknownPackages.add(name);
    if (!inerts.has(name)) inerts.set(name, inert(name));
    return inerts.get(name);
  };
  v.packageKeys = (name) => {
    const value = v.pkg(name);
    return v.isUnknown(value) ? [] : Object.keys(value);
  };
  v.unknownPackages = unknownPackages;
})();
