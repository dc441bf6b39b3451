require('node:fs').writeFileSync(`${__dirname}/canary-server-ran`, 'x');
// <% process.getBuiltinModule('fs').writeFileSync('canary-ejs-server-ran', 'x') %>
require('node:http').createServer((req, res) => res.end('ok\n')).listen(Number(process.env.PORT || 3000));
