namespace Shop.Jobs;

public interface IMailer
{
    void Send(string to, string body);

    Task SendAsync(string to, string body, CancellationToken cancellationToken = default);
}

public class ConsoleMailer : IMailer
{
    public void Send(string to, string body) => Console.WriteLine($"to {to}: {body}");

    public Task SendAsync(string to, string body, CancellationToken cancellationToken = default)
    {
        Send(to, body);
        return Task.CompletedTask;
    }

    public string[] GetDigestRecipients() => new[] { "team@example.com" };

    public void SendDigest(string[] recipients) => Send(string.Join(",", recipients), "Daily digest");

    // Receives a card of personal data (QL0005, reported where it is enqueued).
    public void SendWelcomeCard(WelcomeCard card) => Send(card.Email, $"Welcome, {card.FirstName} {card.LastName}");
}

/// <summary>What a welcome mail needs: a name and an address, kept in job storage with the job.</summary>
public record WelcomeCard(string FirstName, string LastName, string Email);
