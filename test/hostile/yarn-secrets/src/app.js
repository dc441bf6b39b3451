module.exports = 'app file';
