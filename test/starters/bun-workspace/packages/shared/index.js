'use strict';

/** A greeting shared by the workspace's apps. */
exports.greeting = (who) => `Hello, ${who}, from @repo/shared`;
