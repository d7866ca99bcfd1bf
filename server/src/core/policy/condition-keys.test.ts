import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog, loadCatalog } from '../catalog/catalog';
import { familyOfKeyType, isConditionKeyFormat, lookUpConditionKey, operatorFamiliesFor, suggestConditionKeys } from './condition-keys';

const catalog = getCatalog();
const kindOf = (name: string) => lookUpConditionKey(catalog, name).kind;

test('lookUpConditionKey finds global, service, template and identity-provider keys whatever their case', () => {
  for (const name of ['aws:SourceIp', 'AWS:sourceip', 'aws:ResourceTag/team', 's3:prefix', 's3:ExistingObjectTag/x', 'kms:EncryptionContext:purpose', 'saml:aud', 'sts:ExternalId']) {
    assert.equal(kindOf(name), 'known', name);
  }
  const found = lookUpConditionKey(catalog, 'aws:sourceip');
  assert.ok(found.kind === 'known' && found.key.name === 'aws:SourceIp' && found.documented);
});

test('lookUpConditionKey knows the keys AWS managed policies use beyond the Service Authorization Reference', () => {
  for (const name of ['aws:PrincipalOrgMasterAccountId', 'deepracer:UserToken', 'deepracer:MultiUser', 'lakeformation:GlueARN']) {
    const found = lookUpConditionKey(catalog, name);
    assert.ok(found.kind === 'known' && !found.documented, name);
  }
});

test('lookUpConditionKey tells malformed, incomplete and unknown keys apart', () => {
  assert.equal(kindOf('SourceIp'), 'malformed');
  assert.equal(kindOf('aws:'), 'malformed');
  assert.equal(kindOf(':SourceIp'), 'malformed');
  assert.equal(kindOf('aws:ResourceTag'), 'missing-placeholder');
  assert.equal(kindOf('aws:ResourceTag/'), 'missing-placeholder');
  assert.equal(kindOf('kms:EncryptionContext:'), 'missing-placeholder');
  assert.equal(kindOf('s3:ExistingObjectTag'), 'missing-placeholder');
  assert.equal(kindOf('aws:SoruceIp'), 'unknown-global');
  const unknownService = lookUpConditionKey(catalog, 's3:prefixx');
  assert.ok(unknownService.kind === 'unknown-service' && unknownService.service.prefix === 's3');
  assert.equal(kindOf('token.actions.githubusercontent.com:sub'), 'unknown-prefix');
});

test('lookUpConditionKey answers alike for a name as written and in other case, per catalog', () => {
  const found = lookUpConditionKey(catalog, 'S3:PREFIX');
  assert.equal(lookUpConditionKey(catalog, 's3:prefix'), found);
  assert.equal(lookUpConditionKey(catalog, 'S3:PREFIX'), found);
  // Another catalog has answers of its own (its own key objects), whichever catalog was asked last.
  const other = loadCatalog();
  const fromOther = lookUpConditionKey(other, 'S3:PREFIX');
  assert.ok(fromOther.kind === 'known' && found.kind === 'known' && fromOther.key !== found.key && fromOther.key.name === found.key.name);
  assert.equal(lookUpConditionKey(catalog, 'S3:PREFIX'), found);
  assert.equal(lookUpConditionKey(other, 's3:prefix'), fromOther);
});

test('isConditionKeyFormat wants a prefix, a colon and a name', () => {
  assert.ok(isConditionKeyFormat('aws:SourceIp'));
  assert.ok(isConditionKeyFormat('oidc.eks.us-east-1.amazonaws.com/id/ABC:sub'));
  assert.ok(!isConditionKeyFormat('SourceIp'));
  assert.ok(!isConditionKeyFormat('aws:'));
});

test('suggestConditionKeys proposes close keys of the same prefix and keeps tag keys', () => {
  assert.equal(suggestConditionKeys(catalog, 'aws:SoruceIp')[0], 'aws:SourceIp');
  assert.equal(suggestConditionKeys(catalog, 'aws:sourceip ')[0], 'aws:SourceIp');
  assert.deepEqual(suggestConditionKeys(catalog, 'aws:ResourceTags/team'), ['aws:ResourceTag/team']);
  assert.deepEqual(suggestConditionKeys(catalog, 's3:prefixx'), ['s3:prefix']);
  assert.equal(suggestConditionKeys(catalog, 'kms:EncryptionContex:purpose')[0], 'kms:EncryptionContext:purpose');
  assert.deepEqual(suggestConditionKeys(catalog, 'aws:Zebra'), []);
  assert.deepEqual(suggestConditionKeys(catalog, 'nocolon'), []);
});

test('familyOfKeyType and operatorFamiliesFor map catalog types to operator families', () => {
  assert.equal(familyOfKeyType('ArrayOfString'), 'String');
  assert.equal(familyOfKeyType('ARN'), 'Arn');
  assert.equal(familyOfKeyType('IPAddress'), 'IpAddress');
  assert.equal(familyOfKeyType('Mystery'), undefined);
  const families = (name: string) => {
    const found = lookUpConditionKey(catalog, name);
    return found.kind === 'known' ? operatorFamiliesFor(found.key) : undefined;
  };
  assert.deepEqual(families('aws:PrincipalArn'), ['String', 'Arn']);
  assert.deepEqual(families('aws:username'), ['String', 'Arn']);
  assert.deepEqual(families('aws:MultiFactorAuthPresent'), ['Bool']);
  assert.deepEqual(families('aws:CurrentTime'), ['Date']);
  assert.deepEqual(families('aws:EpochTime'), ['Date', 'Numeric']);
  // Typed String by the Service Authorization Reference; AWS's Vault Lock example compares it with NumericLessThan.
  assert.deepEqual(families('glacier:ArchiveAgeInDays'), ['Numeric', 'String', 'Arn']);
  assert.deepEqual(families('aws:SourceIp'), ['IpAddress']);
});
