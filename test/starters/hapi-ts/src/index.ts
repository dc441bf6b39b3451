// The hapi "Getting Started" server (hapi.dev/tutorials/gettingstarted) in TypeScript, with the
// host and port from the environment: the tutorial binds 'localhost', which no published port can reach.
import Hapi from '@hapi/hapi';

const init = async () => {
  const server = Hapi.server({
    port: process.env.PORT || 3000,
    host: process.env.HOST || '0.0.0.0',
  });

  server.route({
    method: 'GET',
    path: '/',
    handler: () => 'Hello World!',
  });

  await server.start();
  console.log('Server running on %s', server.info.uri);
};

process.on('unhandledRejection', (err) => {
  console.log(err);
  process.exit(1);
});

init();
