import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from '@babel/types';
import { declaredTypesOf, moduleOfClass, parseCdkSource } from './syntax';

test('the CDK module a class comes from, in each way a file imports it', () => {
  const source = parseCdkSource(`import * as s3 from 'aws-cdk-lib/aws-s3';
import { aws_dynamodb as ddb, Stack } from 'aws-cdk-lib';
import kms = require('@aws-cdk/aws-kms');
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
const { Queue } = require('aws-cdk-lib/aws-sqs');
const codecommit = require('aws-cdk-lib/aws-codecommit');
new s3.Bucket(this, 'A');
new ddb.Table(this, 'B');
new kms.Key(this, 'C');
new LambdaFunction(this, 'D');
new Queue(this, 'E');
new codecommit.Repository(this, 'F');
new Stack(app, 'G');
new other.Bucket(this, 'H');
`)!;
  const constructs = source.calls.filter((call): call is Node & { type: 'NewExpression' } => call.type === 'NewExpression');
  const modules = constructs.map((call) => moduleOfClass(source, call.callee));
  assert.deepEqual(modules, ['aws-s3', 'aws-dynamodb', 'aws-kms', 'aws-lambda', 'aws-sqs', 'aws-codecommit', undefined, undefined]);
});

test('the types a name is declared with: parameters, interface properties and class members, unions without undefined', () => {
  const source = parseCdkSource(`import * as s3 from 'aws-cdk-lib/aws-s3';
import { ITable } from 'aws-cdk-lib/aws-dynamodb';
interface Props { archive?: s3.IBucket | undefined }
class Reader { readonly table: ITable; constructor(props: Props, queue: Queue) {} }
`)!;
  assert.deepEqual(declaredTypesOf(source, 'archive'), [{ name: 'IBucket', module: 'aws-s3' }]);
  assert.deepEqual(declaredTypesOf(source, 'table'), [{ name: 'ITable', module: 'aws-dynamodb' }]);
  assert.deepEqual(declaredTypesOf(source, 'queue'), [{ name: 'Queue', module: undefined }]);
  assert.deepEqual(declaredTypesOf(source, 'missing'), []);
});
