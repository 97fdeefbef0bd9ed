/**
 * The largest request body the app accepts (upload imports): keep equal to
 * `experimental.serverActions.bodySizeLimit` and `experimental.proxyClientMaxBodySize` in next.config.js (a test
 * checks). Its own module without imports, so that proxy.ts can use it without bundling the services.
 */
export const MAX_UPLOAD_BODY_BYTES = 250 * 1024 * 1024;
