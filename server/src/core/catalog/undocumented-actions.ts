/** Why a policy may hold an action the reference lacks, and what to do about it. */
export interface UndocumentedAction {
  /** Where AWS writes or documents it, as the end of a sentence: "though …". */
  readonly why: string;
  readonly advice: string;
}

/**
 * Actions a service accepts that the Service Authorization Reference (and so the catalog) does not list, by lower-case
 * full name, with where AWS writes or documents them. A policy holding one is AWS's own text, not a typo:
 * action-unknown says so as information instead of an error.
 */
export const undocumentedActions: ReadonlyMap<string, UndocumentedAction> = new Map([
  // The default access policy SNS gives every topic it creates (`__default_statement_ID`), which CDK and the AWS
  // Solutions Constructs write out as a topic's policy.
  ['sns:receive', { why: 'Amazon SNS writes it into the default access policy of every topic it creates', advice: 'Keep it only where you mean to copy that policy.' }],
  // The Billing and Cost Management guide's table of console actions ("This permission is for the console only. No API
  // access is available for this permission."); AWS's own SCP examples deny the first to protect the account's
  // security questions.
  // https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/migrate-granularaccess-iam-mapping-reference.html
  ['account:putchallengequestions', consoleOnly('sets the security challenge questions of the account')],
  ['account:getchallengequestions', consoleOnly('reads the security challenge questions of the account')],
  // The Data Catalog resource policy that lets AWS RAM share Lake Formation resources across accounts: the Lake Formation
  // guide tells you to add `glue:ShareResource` for the `ram.amazonaws.com` principal when you manage cross-account
  // permissions with both the Glue catalog policy and Lake Formation (cross-account sharing sweep: 2 false errors).
  // https://docs.aws.amazon.com/lake-formation/latest/dg/hybrid-cross-account.html
  [
    'glue:shareresource',
    {
      why: "the Lake Formation guide writes it into the Data Catalog's resource policy, for AWS RAM (ram.amazonaws.com) to share catalog resources across accounts",
      advice: 'Keep it in the catalog policy, for the ram.amazonaws.com principal.',
    },
  ],
  // AWS IoT Core's policies share IAM's grammar; this action exists in them alone ("The policy attached to the device
  // certificate must grant the device permission to assume the role … the iot:AssumeRoleWithCertificate action on the
  // ARN of the role alias"). https://docs.aws.amazon.com/iot/latest/developerguide/authorizing-direct-aws.html
  [
    'iot:assumerolewithcertificate',
    {
      why: "AWS IoT Core's credentials provider asks for it in the IoT policy of a device's certificate, to get credentials through a role alias",
      advice: 'It belongs in an IoT policy attached to the certificate; in an IAM policy it grants nothing.',
    },
  ],
  // MediaLive's role for a MediaConnect input: MediaLive adds an output to the flow and removes it through these, on
  // the user's behalf; the MediaLive guide's table of the trusted entity's requirements lists them, and the role the
  // console makes (MediaLiveAccessRole) holds them (media sweep: 9 false errors, AWS's own samples among them).
  // https://docs.aws.amazon.com/medialive/latest/ug/trusted-entity-requirements.html
  ['mediaconnect:manageddescribeflow', mediaLiveInput('reads the flow of a MediaConnect input')],
  ['mediaconnect:managedaddoutput', mediaLiveInput('adds the output that feeds a MediaConnect input')],
  ['mediaconnect:managedremoveoutput', mediaLiveInput('removes that output when the input goes')],
]);

function mediaLiveInput(what: string): UndocumentedAction {
  return {
    why: `AWS Elemental MediaLive's guide lists it among the permissions of MediaLive's trusted entity, with which MediaLive ${what}`,
    advice: "Keep it in the role MediaLive assumes (the medialive.amazonaws.com principal's), for its MediaConnect inputs.",
  };
}

function consoleOnly(what: string): UndocumentedAction {
  return {
    why: `AWS's Billing and Cost Management guide lists it as a console-only permission, which ${what}`,
    advice: 'It controls the console page alone; no API call asks for it.',
  };
}
