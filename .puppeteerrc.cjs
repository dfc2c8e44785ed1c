// Puppeteer must never download a browser: the tests drive Debian's Chromium.
module.exports = {
  skipDownload: true,
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
};
