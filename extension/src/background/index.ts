import { CompanionConnection } from './companion-connection.js';

const connection = new CompanionConnection(navigator.userAgent.includes('Firefox') ? 'firefox' : 'chromium');
void connection.start();
