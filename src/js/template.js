// The part of Nunjucks and Liquid that permalinks and computed data strings use:
// `{{ expression | filter(args) }}` (Liquid: `| filter: a, b`), `{% if %}`/`{% elif %}`/
// `{% elsif %}`/`{% else %}`/`{% endif %}`, `{% unless %}`, `{% set x = … %}`/`{% assign %}`.
// Expressions: paths (`a.b[0]`, `a["b"]`), strings, numbers, `+ - * / %`, comparisons,
// `and`/`or`/`not`, `==`, `!=`, parentheses. Anything else throws `Unsupported`: the value
// is then unknown, never guessed.
"use strict";
(() => {
  const v = globalThis.__vigie;

  class Unsupported extends Error {}

  function tokenize(text) {
    const tokens = [];
    const re = /\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_$][\w$]*)|(===|!==|==|!=|<=|>=|\*\*|[-+*\/%<>()[\].,|:!]))/y;
    let at = 0;
    while (at < text.length) {
      if (/^\s*$/.test(text.slice(at))) break;
      re.lastIndex = at;
      const m = re.exec(text);
      if (!m) throw new Unsupported(`cannot read \`${text.slice(at).trim()}\``);
      at = re.lastIndex;
      if (m[1] !== undefined) tokens.push({ kind: "number", value: Number(m[1]) });
      else if (m[2] !== undefined) tokens.push({ kind: "string", value: m[2].slice(1, -1).replace(/\\(.)/g, "$1") });
      else if (m[3] !== undefined) tokens.push({ kind: "name", value: m[3] });
      else tokens.push({ kind: "op", value: m[4] });
    }
    return tokens;
  }

  // A Pratt parser over the tokens, evaluating as it goes.
  function evaluate(text, scope) {
    const tokens = tokenize(text);
    let i = 0;
    const peek = () => tokens[i];
    const next = () => tokens[i++];
    const isOp = (value) => peek() && peek().kind === "op" && peek().value === value;
    const isName = (value) => peek() && peek().kind === "name" && peek().value === value;
    const expect = (value) => {
      if (!isOp(value)) throw new Unsupported(`expected \`${value}\` in \`${text}\``);
      next();
    };
    // Filters bind to the operand before them, tighter than operators (Nunjucks' grammar):
    // `"/a/" + title | slugify` slugifies the title only.
    function primary(filters = true) {
      let value = operand();
      while (filters && isOp("|")) {
        next();
        value = filter(value);
      }
      return value;
    }
    function operand() {
      const token = next();
      if (!token) throw new Unsupported(`unexpected end of \`${text}\``);
      if (token.kind === "number" || token.kind === "string") return postfix(token.value);
      if (token.kind === "op" && token.value === "(") {
        const value = expression(0);
        expect(")");
        return postfix(value);
      }
      if (token.kind === "op" && (token.value === "-" || token.value === "!")) {
        const value = unary();
        return token.value === "-" ? -value : !value;
      }
      if (token.kind === "name") {
        if (token.value === "not") return !unary();
        if (token.value === "true" || token.value === "false") return token.value === "true";
        if (token.value === "null" || token.value === "none" || token.value === "nil") return null;
        if (token.value === "undefined") return undefined;
        return postfix(scope.lookup(token.value));
      }
      throw new Unsupported(`cannot read \`${token.value}\` in \`${text}\``);
    }
    function unary() {
      return primary();
    }
    function postfix(value) {
      for (;;) {
        if (isOp(".")) {
          next();
          const name = next();
          if (!name || name.kind !== "name") throw new Unsupported(`bad property in \`${text}\``);
          value = property(value, name.value);
        } else if (isOp("[")) {
          next();
          const key = expression(0);
          expect("]");
          value = property(value, key);
        } else if (isOp("(")) {
          throw new Unsupported(`function calls are not modelled (\`${text}\`)`);
        } else return value;
      }
    }
    function property(value, key) {
      if (value === undefined || value === null) return undefined;
      if (key === "size" && (Array.isArray(value) || typeof value === "string")) return value.length;
      if (key === "first" && Array.isArray(value)) return value[0];
      if (key === "last" && Array.isArray(value)) return value[value.length - 1];
      return value[key];
    }
    const BINARY = { or: 1, and: 2, "==": 3, "===": 3, "!=": 3, "!==": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6 };
    function expression(min, filters = true) {
      let left = primary(filters);
      for (;;) {
        const token = peek();
        if (!token) break;
        const op = token.value;
        const power = (token.kind === "op" || op === "and" || op === "or") && BINARY[op];
        if (!power || power <= min) break;
        next();
        if (op === "and" && !left) {
          expression(power, filters);
          continue;
        }
        if (op === "or" && left) {
          expression(power, filters);
          continue;
        }
        const right = expression(power, filters);
        left = apply(op, left, right);
      }
      return left;
    }
    function filter(value) {
      const name = next();
      if (!name || name.kind !== "name") throw new Unsupported(`bad filter in \`${text}\``);
      const args = [];
      if (isOp("(")) {
        next();
        while (!isOp(")")) {
          args.push(expression(0));
          if (isOp(",")) next();
          else if (!isOp(")")) throw new Unsupported(`bad filter arguments in \`${text}\``);
        }
        next();
      } else if (isOp(":")) {
        // Liquid: `| f: a, b | g` — g filters f's result, not b.
        next();
        args.push(expression(0, false));
        while (isOp(",")) {
          next();
          args.push(expression(0, false));
        }
      }
      return scope.filter(name.value, value, args);
    }
    function apply(op, a, b) {
      switch (op) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/": return a / b;
        case "%": return a % b;
        case "==": return a == b;
        case "===": return a === b;
        case "!=": return a != b;
        case "!==": return a !== b;
        case "<": return a < b;
        case ">": return a > b;
        case "<=": return a <= b;
        case ">=": return a >= b;
        case "and": return a && b;
        case "or": return a || b;
      }
      throw new Unsupported(`operator \`${op}\``);
    }
    const value = expression(0);
    if (i < tokens.length) throw new Unsupported(`cannot read \`${text}\``);
    return value;
  }

  // Splits a template into text, `{{ output }}` and `{% tag %}` parts (with `-` trims).
  function parts(template) {
    const out = [];
    const re = /(\{\{-?|\{%-?)([\s\S]*?)(-?\}\}|-?%\})/g;
    let last = 0;
    let m;
    while ((m = re.exec(template))) {
      if (m.index > last) out.push({ kind: "text", value: template.slice(last, m.index) });
      out.push({ kind: m[1].startsWith("{{") ? "output" : "tag", value: m[2].trim(), trimLeft: m[1].endsWith("-"), trimRight: m[3].startsWith("-") });
      last = re.lastIndex;
    }
    if (last < template.length) out.push({ kind: "text", value: template.slice(last) });
    for (let i = 0; i < out.length; i++) {
      if (out[i].kind === "text") continue;
      if (out[i].trimLeft && out[i - 1] && out[i - 1].kind === "text") out[i - 1].value = out[i - 1].value.trimEnd();
      if (out[i].trimRight && out[i + 1] && out[i + 1].kind === "text") out[i + 1].value = out[i + 1].value.trimStart();
    }
    return out;
  }

  function stringify(value) {
    if (value === undefined || value === null) return "";
    if (v.isUnknown(value)) return typeof value === "string" ? value : `${v.SENTINEL}${v.unknownName(value)}${v.SENTINEL}`;
    if (Array.isArray(value)) return value.map(stringify).join(",");
    return String(value);
  }

  // Renders `template` with `scope` (lookup(name), filter(name, value, args), set(name, value)).
  function render(template, scope) {
    const list = parts(template);
    let out = "";
    // A stack of { active, done }: whether the current branch renders, and whether one did.
    const stack = [];
    const active = () => stack.every((s) => s.active);
    for (const part of list) {
      if (part.kind === "text") {
        if (active()) out += part.value;
        continue;
      }
      if (part.kind === "output") {
        if (active()) out += stringify(evaluate(part.value, scope));
        continue;
      }
      const [, tag, rest] = /^(\w+)\s*([\s\S]*)$/.exec(part.value) || [];
      switch (tag) {
        case "if":
        case "unless": {
          const parentActive = active();
          let condition = parentActive ? truthy(evaluate(rest, scope)) : false;
          if (tag === "unless" && parentActive) condition = !condition;
          stack.push({ active: condition, done: condition, parent: parentActive });
          break;
        }
        case "elif":
        case "elsif": {
          const top = stack[stack.length - 1];
          if (!top) throw new Unsupported(`\`{% ${tag} %}\` without \`{% if %}\``);
          if (top.done || !top.parent) top.active = false;
          else {
            top.active = truthy(evaluate(rest, scope));
            top.done = top.active;
          }
          break;
        }
        case "else": {
          const top = stack[stack.length - 1];
          if (!top) throw new Unsupported("`{% else %}` without `{% if %}`");
          top.active = top.parent && !top.done;
          top.done = true;
          break;
        }
        case "endif":
        case "endunless":
          if (!stack.pop()) throw new Unsupported(`\`{% ${tag} %}\` without \`{% if %}\``);
          break;
        case "set":
        case "assign": {
          const m = /^([A-Za-z_$][\w$]*)\s*=\s*([\s\S]+)$/.exec(rest);
          if (!m) throw new Unsupported(`\`{% ${part.value} %}\``);
          if (active()) scope.set(m[1], evaluate(m[2], scope));
          break;
        }
        case "raw":
        case "endraw":
        case "comment":
        case "endcomment":
          throw new Unsupported(`\`{% ${tag} %}\` is not modelled`);
        default:
          throw new Unsupported(`\`{% ${tag} %}\` is not modelled`);
      }
    }
    if (stack.length) throw new Unsupported("`{% if %}` without `{% endif %}`");
    return out;
  }
  // Nunjucks' and Liquid's truth: empty arrays are true in Liquid, false in Nunjucks; the
  // permalinks seen use numbers and strings, where both agree.
  function truthy(value) {
    if (v.isUnknown(value)) throw new Unsupported("a condition on an unknown value");
    return Boolean(value);
  }

  // The template languages' own filters that permalinks use (Nunjucks and Liquid names).
  const str = (x) => (x === undefined || x === null ? "" : String(x));
  const builtins = {
    lower: (x) => str(x).toLowerCase(),
    downcase: (x) => str(x).toLowerCase(),
    upper: (x) => str(x).toUpperCase(),
    upcase: (x) => str(x).toUpperCase(),
    capitalize: (x) => str(x).charAt(0).toUpperCase() + str(x).slice(1).toLowerCase(),
    trim: (x) => str(x).trim(),
    strip: (x) => str(x).trim(),
    replace: (x, a, b) => str(x).split(str(a)).join(str(b)),
    remove: (x, a) => str(x).split(str(a)).join(""),
    append: (x, a) => str(x) + str(a),
    prepend: (x, a) => str(a) + str(x),
    // Nunjucks: only `undefined` gets the default, unless the third argument asks for any
    // falsy value.
    default: (x, d, falsy) => (x === undefined || (falsy === true && !x) ? d : x),
    d: (x, d, falsy) => (x === undefined || (falsy === true && !x) ? d : x),
    length: (x) => (x && x.length !== undefined ? x.length : x && typeof x === "object" ? Object.keys(x).length : 0),
    size: (x) => (x && x.length !== undefined ? x.length : 0),
    first: (x) => (x ? x[0] : undefined),
    last: (x) => (x ? x[x.length - 1] : undefined),
    join: (x, sep) => (Array.isArray(x) ? x.join(sep === undefined ? "" : sep) : str(x)),
    split: (x, sep) => str(x).split(str(sep)),
    int: (x) => parseInt(x, 10) || 0,
    string: (x) => str(x),
    safe: (x) => x,
    urlencode: (x) => encodeURIComponent(str(x)),
    url_encode: (x) => encodeURIComponent(str(x)),
    truncate: (x, n = 255, killwords = false, end = "...") => {
      const text = str(x);
      if (text.length <= n) return text;
      const cut = killwords ? text.slice(0, n) : text.slice(0, n).replace(/\s+\S*$/, "");
      return cut + end;
    },
    plus: (x, n) => Number(x) + Number(n),
    minus: (x, n) => Number(x) - Number(n),
    times: (x, n) => Number(x) * Number(n),
    divided_by: (x, n) => Math.floor(Number(x) / Number(n)),
    date: (x) => v.inert(`date filter of ${str(x)}`),
  };

  v.Unsupported = Unsupported;
  v.templateFilters = builtins;
  v.renderTemplate = render;
  v.isTemplate = (text) => typeof text === "string" && /\{\{|\{%/.test(text);
})();
