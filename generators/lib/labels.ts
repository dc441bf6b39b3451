import { dockerfileString } from './quote.js';

/** Free text (a package description) as one line of at most `max` characters. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** OCI `LABEL` arguments (key="value", escaped for the Dockerfile) every stack's runtime carries. */
export function ociLabels(title: string, description?: unknown): string[] {
  const labels = [`org.opencontainers.image.title=${dockerfileString(title)}`];
  if (typeof description === 'string' && oneLine(description) !== '') {
    labels.push(`org.opencontainers.image.description=${dockerfileString(oneLine(description))}`);
  }
  return labels;
}
