// Response examples copied verbatim from Huawei's API pages (../shared/seeds), shared by the schema tests.

export const SEED_EXECUTIONS = `{
  "total" : 10,
  "executions" : [ {
    "id" : 114204,
    "policy_id" : 12,
    "status" : "Failed",
    "status_text" : "failed to fetch artifacts",
    "total" : 0,
    "failed" : 0,
    "succeed" : 0,
    "in_progress" : 0,
    "stopped" : 0,
    "trigger" : "manual",
    "created_at" : "2020-12-03T12:21:38.51851Z",
    "updated_at" : "0001-01-01T00:00:00Z"
  } ]
}`;

export const SEED_TASKS = `{
  "total" : 2,
  "tasks" : [ {
    "id" : 2,
    "execution_id" : 8,
    "namespace" : "root",
    "repository" : "libz",
    "job_id" : "2d7c874a7407d6c40f016254",
    "status" : "Success",
    "status_text" : "",
    "created_at" : "2020-12-01T07:06:35Z",
    "updated_at" : "2020-12-01T07:06:36Z"
  } ]
}`;

export const SEED_HSS = `{ "total_num" : 4, "data_list" : [ { "id" : "ad7552e3-1eb7-475a-b5a4-3d28262b855e", "registry_name" : "0109test", "registry_type" : "Jfrog", "api_version" : "V1", "protocol" : "http", "registry_addr" : "100.85.219.197:8082", "registry_username" : "admin", "connect_cluster_id" : "db69f3e6-887f-11ef-9825-0255ac1001b6", "get_scan_image_channel" : "Swr", "status" : "fail", "fail_reason" : "REQUEST_API_ERROR", "images_num" : 0, "latest_sync_time" : 1736925890944 } ] }`;

export const SEED_SIGNS = `{
"total" : 2,
"size" : 2,
"signs" : [ {
"sign_secret" : "signsecretsignsecretsignsecretsignsecret",
"update_time" : "2018-02-07T02:00:27.964766Z",
"create_time" : "2018-02-06T12:17:36Z",
"name" : "signature_demo",
"id" : "0b0e8f456b8742218af75f945307173c",
"sign_key" : "signkeysignkey",
"sign_type" : "hmac",
"bind_num" : 0,
"ldapi_bind_num" : 0
}, {
"sign_secret" : "9ce16b029034464898ee33540c42e16a",
"update_time" : "2020-07-30T03:56:58Z",
"create_time" : "2020-07-30T03:56:58Z",
"name" : "Signature_udlu",
"id" : "9dc388382fba485aadd19f932303f4c9",
"sign_key" : "ca50c5b670044c83b5b890a9a68a30d5",
"sign_type" : "hmac",
"bind_num" : 0,
"ldapi_bind_num" : 0
} ]
}`;

export const SEED_REGISTRY = `{
  "id" : 5,
  "name" : "test",
  "description" : "",
  "type" : "swr-pro",
  "url" : "http://192.168.0.123:30000",
  "region_id" : "cn-north-7",
  "instance_id" : "abc",
  "credential" : {
    "type" : "basic",
    "access_key" : "admin",
    "access_secret" : "*****"
  },
  "insecure" : true,
  "status" : "healthy",
  "created_at" : "2020-10-16T08:36:06.973474Z",
  "updated_at" : "2020-12-03T11:23:39.106998Z"
}`;
