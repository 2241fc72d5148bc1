"""The files bucket: presigned uploads and downloads, and the verifier's reads and deletes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredObject:
    size: int
    etag: str
    content_type: str
    version_id: str | None


class FileStore:
    def __init__(self, bucket: str, region: str, endpoint_url: str | None) -> None:
        self.bucket = bucket
        self._region = region
        self._endpoint_url = endpoint_url
        self._client: Any = None

    def _s3(self) -> Any:
        if self._client is None:
            import boto3
            from botocore.config import Config

            # SigV4 presigned URLs; path style so a local endpoint works without DNS tricks.
            config = Config(signature_version="s3v4", s3={"addressing_style": "path"} if self._endpoint_url else {})
            self._client = boto3.client("s3", region_name=self._region, endpoint_url=self._endpoint_url,
                                        config=config)
        return self._client

    def presigned_post(self, key: str, content_type: str, max_bytes: int, expires: int,
                       tagging: str | None = None) -> dict[str, Any]:
        """A browser form upload that S3 itself refuses unless key, type and size fit."""
        fields = {"Content-Type": content_type}
        conditions: list[Any] = [
            {"bucket": self.bucket},
            {"key": key},
            {"Content-Type": content_type},
            ["content-length-range", 1, max_bytes],
        ]
        if tagging:
            # The bucket's lifecycle rule expires objects still tagged unattached after a day.
            fields["tagging"] = tagging
            conditions.append({"tagging": tagging})
        return self._s3().generate_presigned_post(
            Bucket=self.bucket, Key=key, Fields=fields, Conditions=conditions, ExpiresIn=expires)

    def presigned_get(self, key: str, content_type: str, disposition: str, expires: int,
                      version_id: str | None = None) -> str:
        """A short-lived download of exactly the version that was verified."""
        params = {"Bucket": self.bucket, "Key": key, "ResponseContentDisposition": disposition,
                  "ResponseContentType": content_type}
        if version_id:
            params["VersionId"] = version_id
        return self._s3().generate_presigned_url("get_object", Params=params, ExpiresIn=expires)

    @staticmethod
    def _version(version_id: str | None) -> dict[str, str]:
        return {"VersionId": version_id} if version_id and version_id != "null" else {}

    def head(self, key: str, version_id: str | None = None) -> StoredObject | None:
        s3 = self._s3()
        try:
            head = s3.head_object(Bucket=self.bucket, Key=key, **self._version(version_id))
        except s3.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound", "NoSuchVersion"):
                return None
            raise
        return StoredObject(int(head["ContentLength"]), head.get("ETag", "").strip('"'), head.get("ContentType", ""),
                            head.get("VersionId"))

    def first_bytes(self, key: str, count: int, version_id: str | None = None) -> bytes:
        body = self._s3().get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{count - 1}",
                                     **self._version(version_id))["Body"]
        return body.read()

    def read(self, key: str) -> bytes:
        return self._s3().get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def put(self, key: str, data: bytes, content_type: str, tagging: str | None = None) -> str | None:
        """Stores bytes the server itself received (email attachments); returns the version id."""
        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Key": key, "Body": data, "ContentType": content_type}
        if tagging:
            kwargs["Tagging"] = tagging
        return self._s3().put_object(**kwargs).get("VersionId")

    def delete(self, key: str, version_id: str | None = None) -> None:
        """With a version: that version is gone for good (no delete marker left holding it)."""
        self._s3().delete_object(Bucket=self.bucket, Key=key, **self._version(version_id))

    def mark_attached(self, key: str, version_id: str | None = None) -> None:
        """Takes the served version out of the unattached expiry. A file already gone is not an
        error here (the send refused expired uploads; the record says what was sent)."""
        s3 = self._s3()
        try:
            s3.put_object_tagging(Bucket=self.bucket, Key=key, **self._version(version_id),
                                  Tagging={"TagSet": [{"Key": "state", "Value": "attached"}]})
        except s3.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("NoSuchKey", "NoSuchVersion", "MethodNotAllowed"):
                raise
