// Typeset formulas with KaTeX exactly as the page would, once per build: the HTML for the page,
// and what fails or warns for the deck doctor.
// Usage: node katex_typeset.js PATH/TO/katex.min.js  <  [{macros, formulas: [[tex, display], ...]}, ...]
//        >  {version, results: [[answer, ...], ...]}
'use strict';
const katex = require(process.argv[2]);
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const results = JSON.parse(input).map(({macros, formulas}) => formulas.map(([tex, display]) => {
    const warnings = [];
    const strict = (code, message) => { warnings.push(`${message} [${code}]`); return 'ignore'; };
    // A copy per formula: a \gdef in one formula must not reach the next (the page typesets each on its own).
    const options = () => ({displayMode: display, macros: Object.assign({}, macros)});
    try {
      return {html: katex.renderToString(tex, Object.assign(options(), {throwOnError: true, strict})), warnings};
    } catch (error) {
      if (!(error instanceof katex.ParseError)) throw error;
      // What the page shows for it: KaTeX's red source text (throwOnError: false).
      const html = katex.renderToString(tex, Object.assign(options(), {throwOnError: false, strict: 'ignore'}));
      return {error: error.rawMessage || error.message, position: error.position ?? null, warnings, html};
    }
  }));
  process.stdout.write(JSON.stringify({version: katex.version, results}));
});
