import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Prints the access key id that the AWS SDK's default credential chain resolves on the class path it runs with
 * (a service's packaged libraries), or why it could not: iam.bats runs it with IRSA's environment
 * (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE) and STS served by moto.
 */
public class IrsaCheck {
  public static void main(String[] args) {
    try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
      AwsCredentials credentials = chain.resolveCredentials();
      System.out.println("resolved " + credentials.accessKeyId());
    } catch (RuntimeException e) {
      System.out.println("failed " + e.getMessage());
      System.exit(1);
    }
  }
}
