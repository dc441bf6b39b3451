import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Remix app" }];

export default function Index() {
  return <p>Served by remix-serve.</p>;
}
