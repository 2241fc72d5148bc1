"""The files bucket: presigned uploads and downloads, and the verifier's reads and deletes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredObject:
    size: int
    etag: str
    content_type: str


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

    def presigned_get(self, key: str, content_type: str, disposition: str, expires: int) -> str:
        return self._s3().generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": key, "ResponseContentDisposition": disposition,
                    "ResponseContentType": content_type},
            ExpiresIn=expires,
        )

    def head(self, key: str) -> StoredObject | None:
        s3 = self._s3()
        try:
            head = s3.head_object(Bucket=self.bucket, Key=key)
        except s3.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return StoredObject(int(head["ContentLength"]), head.get("ETag", "").strip('"'), head.get("ContentType", ""))

    def first_bytes(self, key: str, count: int) -> bytes:
        body = self._s3().get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{count - 1}")["Body"]
        return body.read()

    def delete(self, key: str) -> None:
        self._s3().delete_object(Bucket=self.bucket, Key=key)

    def mark_attached(self, key: str) -> None:
        self._s3().put_object_tagging(Bucket=self.bucket, Key=key,
                                      Tagging={"TagSet": [{"Key": "state", "Value": "attached"}]})
