// The browser every headless run of this project uses, tests and benchmarks alike: Debian's
// Chromium (scripts/setup.sh --browser installs it; never a downloaded browser), with flags
// that keep it from reaching the network or doing background work during measurements.
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
