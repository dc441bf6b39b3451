require('node:fs').writeFileSync(__dirname + '/canary-webpack-config-ran', 'x'); module.exports = {};
