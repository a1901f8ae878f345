// API Gateway and ROMA Connect bodies (docs §4.4, §5; seed 003): instance lists and ListSignatureKeysV2.

import { z } from 'zod';
import type { ApigInstance, Page, SignatureKey } from '../models.js';
import {
  countOrZero,
  list,
  opaque,
  optFlag,
  optInteger,
  optText,
  optTextList,
  optTotal,
  text,
  timestamp,
  unixTime,
} from './fields.js';

// APIG ListInstancesV2 → RespInstanceBase. `create_time` is a unix timestamp (Go: int64) whose unit the docs
// do not state; unixTime() reads it as seconds or milliseconds by magnitude.
export const apigInstanceSchema = z
  .object({
    id: text(),
    project_id: optText(),
    instance_name: text(),
    status: text(),
    instance_status: optInteger(),
    type: optText(),
    spec: optText(),
    create_time: unixTime(),
    enterprise_project_id: optText(),
    eip_address: optText(),
    charging_mode: optInteger(),
    cbc_metadata: optText(),
    loadbalancer_provider: optText(),
    cbc_operation_locks: opaque(),
  })
  .transform(
    (r): ApigInstance => ({
      id: r.id,
      instance_name: r.instance_name,
      status: r.status,
      type: r.type,
      spec: r.spec,
      project_id: r.project_id,
      enterprise_project_id: r.enterprise_project_id,
      create_time: r.create_time,
    }),
  );

export const listApigInstancesBody = z
  .object({ size: optInteger(), total: optTotal(), instances: list(apigInstanceSchema) })
  .transform((b): Page<ApigInstance> => ({ items: b.instances, total: b.total }));

// ROMA CheckRomaInstanceListV2 → RomaInstanceCheckListRespInstances (Go model). Its name is `name` and its
// specification `flavor_type`; they fill the ApigInstance fields `instance_name` and `spec`.
export const romaInstanceSchema = z
  .object({
    id: text(),
    name: text(),
    description: optText(),
    flavor_id: optText(),
    flavor_type: optText(),
    cpu_arch: optText(),
    vpc_id: optText(),
    subnet_id: optText(),
    security_group_id: optText(),
    publicip_enable: optFlag(),
    publicip_id: optText(),
    publicip_address: optText(),
    status: text(),
    error_code: optText(),
    error_msg: optText(),
    charge_type: optText(),
    project_id: optText(),
    create_time: unixTime(),
    update_time: unixTime(),
    maintain_begin: optText(),
    maintain_end: optText(),
    available_zone_ids: optTextList(),
    enterprise_project_id: optText(),
  })
  .transform(
    (r): ApigInstance => ({
      id: r.id,
      instance_name: r.name,
      status: r.status,
      type: 'roma',
      spec: r.flavor_type,
      project_id: r.project_id,
      enterprise_project_id: r.enterprise_project_id,
      create_time: r.create_time,
    }),
  );

export const listRomaInstancesBody = z
  .object({ size: optInteger(), total: optTotal(), instances: list(romaInstanceSchema) })
  .transform((b): Page<ApigInstance> => ({ items: b.instances, total: b.total }));

// ListSignatureKeysV2 → SignatureWithBindNum. sign_key and sign_secret are deliberately not declared: zod
// drops undeclared keys, so their values are never read, validated, echoed in an error or returned.
export const signatureKeySchema = z
  .object({
    id: text(),
    name: text(),
    sign_type: text(),
    sign_algorithm: optText(),
    bind_num: countOrZero(),
    ldapi_bind_num: countOrZero(),
    create_time: timestamp(),
    update_time: timestamp(),
  })
  .transform(
    (r): SignatureKey => ({
      id: r.id,
      name: r.name,
      sign_type: r.sign_type,
      sign_algorithm: r.sign_algorithm,
      bind_num: r.bind_num,
      ldapi_bind_num: r.ldapi_bind_num,
      create_time: r.create_time,
      update_time: r.update_time,
    }),
  );

export const listSignatureKeysBody = z
  .object({ size: optInteger(), total: optTotal(), signs: list(signatureKeySchema) })
  .transform((b): Page<SignatureKey> => ({ items: b.signs, total: b.total }));
