'use strict';

/** Every provider the sandbox plays. Adding a provider is adding its module to this list. */
module.exports = [require('./betatel'), require('./skycore'), require('./smsGateway')];
