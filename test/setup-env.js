// n8n-core's InstanceSettings writes a config file into the user folder on first use:
// give every jest worker a throwaway one, and keep n8n's logger quiet.
const fs = require('fs');
const os = require('os');
const path = require('path');

if (!process.env.N8N_USER_FOLDER_FROM_TEST) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-sms-otp-test-'));
	process.env.N8N_USER_FOLDER_FROM_TEST = '1';
}
process.env.N8N_LOG_LEVEL = 'silent';
