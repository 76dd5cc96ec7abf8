/** The id of the build this page came from (vite.config.ts); the server announces its own in `server:status`. */
declare const __BUILD_ID__: string
