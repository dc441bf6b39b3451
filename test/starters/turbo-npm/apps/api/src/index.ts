import express from 'express';
import { greeting } from '@repo/shared';

const app = express();
const port = Number(process.env.PORT ?? 3000);

app.get('/', (_req, res) => {
  res.send(greeting('api'));
});

app.listen(port, () => {
  console.log(`Example app listening on port ${port}`);
});
