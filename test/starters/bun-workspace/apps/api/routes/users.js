var express = require('express');
var shared = require('@repo/shared');
var router = express.Router();

/* GET users listing. */
router.get('/', function(req, res, next) {
  res.send(shared.greeting('users'));
});

module.exports = router;
