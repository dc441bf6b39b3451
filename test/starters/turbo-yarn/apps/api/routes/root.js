'use strict'

const { greeting } = require('@repo/shared')

module.exports = async function (fastify, opts) {
  fastify.get('/', async function (request, reply) {
    return { root: true, greeting: greeting('api') }
  })
}
