// API Gateway and ROMA Connect bodies (docs §4.4, §5; seed 003): instance lists and ListSignatureKeysV2.
// Each schema declares the fields the exporter reads — identity strict, values tolerant (records.ts).

import type { z } from 'zod';
import { countOrZero, optText, text, textId, timestamp, unixTime } from './fields.js';
import { pageOf, record } from './records.js';

// APIG ListInstancesV2 → RespInstanceBase. `create_time` is a unix timestamp (Go: int64) whose unit the docs
// do not state; unixTime() reads it as seconds or milliseconds by magnitude.
export const apigInstanceRecord = record({
  identity: { id: textId(), instance_name: text(), status: text() },
  values: {
    project_id: optText(),
    type: optText(),
    spec: optText(),
    create_time: unixTime(),
    enterprise_project_id: optText(),
  },
});

/** The gateway instance record both instance lists produce. */
type GatewayInstance = z.output<typeof apigInstanceRecord.schema>;

export const listApigInstancesBody = pageOf('instances', apigInstanceRecord);

// ROMA CheckRomaInstanceListV2 → RomaInstanceCheckListRespInstances (Go model). Its name is `name` and its
// specification `flavor_type`; they fill the ApigInstance fields `instance_name` and `spec`.
export const romaInstanceRecord = record({
  identity: { id: textId(), name: text(), status: text() },
  values: {
    flavor_type: optText(),
    project_id: optText(),
    create_time: unixTime(),
    enterprise_project_id: optText(),
  },
  build: (r): GatewayInstance => ({
    id: r.id,
    instance_name: r.name,
    status: r.status,
    type: 'roma',
    spec: r.flavor_type,
    project_id: r.project_id,
    enterprise_project_id: r.enterprise_project_id,
    create_time: r.create_time,
  }),
});

export const listRomaInstancesBody = pageOf('instances', romaInstanceRecord);

// ListSignatureKeysV2 → SignatureWithBindNum. sign_key and sign_secret are deliberately not declared:
// undeclared keys are dropped, so their values are never read, validated, echoed in an error or returned.
export const signatureKeyRecord = record({
  identity: { id: textId(), name: text(), sign_type: text() },
  values: {
    sign_algorithm: optText(),
    bind_num: countOrZero(),
    ldapi_bind_num: countOrZero(),
    create_time: timestamp(),
    update_time: timestamp(),
  },
});

export const listSignatureKeysBody = pageOf('signs', signatureKeyRecord);
