// CloudWatch Logs calls to the stack's AWS endpoint (the moto server), as host-agent makes them: the JSON protocol of
// the Logs API (X-Amz-Target Logs_20140328.<Action>). moto does not check signatures; the credential scope in the
// Authorization header tells it the service and the region.

const SCOPE = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0';

export class Logs {
  /** @param {string} endpoint the AWS endpoint, e.g. http://127.0.0.1:4566 */
  constructor(endpoint) {
    this.endpoint = endpoint.replace(/\/$/, '');
  }

  async call(action, body) {
    const response = await fetch(`${this.endpoint}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `Logs_20140328.${action}`,
        Authorization: SCOPE,
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${action} at ${this.endpoint}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : {};
  }

  /** Creates a log group and its streams (arguments: the group, the stream names). */
  async createGroup(group, streams) {
    await this.call('CreateLogGroup', { logGroupName: group });
    for (const stream of streams) await this.call('CreateLogStream', { logGroupName: group, logStreamName: stream });
  }

  /** Writes messages to one stream in one PutLogEvents call, timestamps now and rising. */
  async put(group, stream, messages) {
    const base = Date.now();
    const logEvents = messages.map((message, i) => ({ timestamp: base + i, message }));
    await this.call('PutLogEvents', { logGroupName: group, logStreamName: stream, logEvents });
  }

  /** The names of a group's streams, every page. */
  async streamNames(group) {
    const names = [];
    let nextToken;
    do {
      const page = await this.call('DescribeLogStreams', { logGroupName: group, ...(nextToken ? { nextToken } : {}) });
      names.push(...page.logStreams.map((s) => s.logStreamName));
      nextToken = page.nextToken;
    } while (nextToken);
    return names.sort();
  }
}
