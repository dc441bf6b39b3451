require('node:fs').writeFileSync(__dirname + '/canary-next-config-ran', 'x'); module.exports = {};
