/** A greeting shared by the workspace's apps. */
export const greeting = (who: string): string => `Hello, ${who}, from @repo/shared`;
