// Typeset formulas with KaTeX as the page does, and say which fail: one Node process per build.
// Usage: node katex_check.js PATH/TO/katex.min.js  <  [[tex, display], ...]  >  {version, results}
'use strict';
const katex = require(process.argv[2]);
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const results = JSON.parse(input).map(([tex, display]) => {
    const warnings = [];
    const strict = (code, message) => { warnings.push(`${message} [${code}]`); return 'ignore'; };
    try {
      katex.renderToString(tex, {displayMode: display, throwOnError: true, strict});
      return {warnings};
    } catch (error) {
      if (!(error instanceof katex.ParseError)) throw error;
      return {error: error.rawMessage || error.message, position: error.position ?? null, warnings};
    }
  });
  process.stdout.write(JSON.stringify({version: katex.version, results}));
});
