import { Hono } from "hono";
import { greeting } from "@repo/shared";

const app = new Hono();

app.get("/", (c) => c.text(greeting("web")));
app.get("/health", (c) => c.text("ok"));

export default { port: Number(process.env.PORT ?? 3000), fetch: app.fetch };
