const http = require('node:http');
const port = Number(process.env.PORT || 3000);
http.createServer((req, res) => res.end('ok\n')).listen(port);
