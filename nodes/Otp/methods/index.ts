export * as credentialTest from './credentialTest';
export * as listSearch from '../../shared/n8nApi/listSearch';
