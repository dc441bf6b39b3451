// The Koa "hello world" (koajs.com) with @koa/router, in TypeScript, listening on $PORT.
import Koa from 'koa';
import Router from '@koa/router';

const app = new Koa();
const router = new Router();

router.get('/', (ctx) => {
  ctx.body = 'Hello World';
});

app.use(router.routes()).use(router.allowedMethods());

app.listen(Number(process.env.PORT ?? 3000));
