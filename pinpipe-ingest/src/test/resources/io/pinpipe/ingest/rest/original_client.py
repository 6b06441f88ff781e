#!/usr/bin/env python3
"""Posts rows exactly as the original user_posting_emulation.py does: one POST per record,
json.dumps({"records": [{"value": row}]}, default=str) with Content-Type application/vnd.kafka.json.v2+json,
here with the standard library's urllib instead of requests.
usage: original_client.py BASE_URL TOPIC JSONL_FILE -> prints one line per record: 'status partition offset'"""
import json, sys, urllib.request
base, topic, path = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
headers = {"Content-Type": "application/vnd.kafka.json.v2+json"}
with open(path, encoding="utf-8") as rows:
    for line in rows:
        row = json.loads(line)
        payload = json.dumps({"records": [{"value": row}]}, default=str)
        request = urllib.request.Request(f"{base}/topics/{topic}", data=payload.encode("utf-8"), headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            body = json.loads(response.read())
            offset = body["offsets"][0]
            print(response.status, offset["partition"], offset["offset"], offset["error_code"])
