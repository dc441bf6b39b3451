require('node:fs').writeFileSync(__dirname + '/canary-vite-config-ran', 'x'); module.exports = {};
