// The function's configuration, as the Serverless Framework's TypeScript template keeps it beside its handler.
const auctionsTable = { 'Fn::GetAtt': ['AuctionsTable', 'Arn'] };

export default {
  handler: 'src/functions/placeBid/handler.main',
  iamRoleStatements: [
    { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: auctionsTable },
    { Effect: 'Allow', Action: 's3:GetObjekt', Resource: 'arn:aws:s3:::auction-images/*' },
  ],
  events: [{ http: { method: 'patch', path: 'auction/{id}/bid' } }],
};
