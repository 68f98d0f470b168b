/** The CLI's version, as `rolewatch --version` prints it (kept equal to package.json by a test). */
export const VERSION = '0.1.0';
