namespace CertDesk.Features.Scheduling;

/// <summary>One forecast interval of a queue: contacts and average handle time for the 15 minutes from <see cref="IntervalStartUtc"/>.</summary>
public sealed class QueueForecast
{
    public Guid QueueId { get; set; }
    public Queue? Queue { get; set; }
    public DateTime IntervalStartUtc { get; set; }
    public decimal Calls { get; set; }
    public decimal AhtSeconds { get; set; }
}

internal sealed class QueueForecastConfiguration : IEntityTypeConfiguration<QueueForecast>
{
    public void Configure(EntityTypeBuilder<QueueForecast> forecast)
    {
        forecast.HasKey(f => new { f.QueueId, f.IntervalStartUtc });
        forecast.Property(f => f.IntervalStartUtc).HasConversion(UtcDateTime.Converter);
        forecast.Property(f => f.Calls).HasPrecision(12, 3);
        forecast.Property(f => f.AhtSeconds).HasPrecision(10, 3);
        forecast.HasOne(f => f.Queue).WithMany().HasForeignKey(f => f.QueueId).OnDelete(DeleteBehavior.Cascade);
    }
}
