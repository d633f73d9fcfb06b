namespace Shop.Jobs;

/// <summary>
/// What a label printer needs, handed to a Hangfire job as an argument. QL0009: the weight is set through a private
/// setter, which Hangfire's JSON serializer does not call, so the job prints every label with a weight of 0.
/// </summary>
public class ShippingLabel
{
    public int OrderId { get; set; }

    public string Address { get; set; } = "";

    public decimal WeightKg { get; private set; }

    public void AddParcel(decimal weightKg) => WeightKg += weightKg;
}
