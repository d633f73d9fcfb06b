using System.IO;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.PayloadDoesNotSurviveAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0009PayloadDoesNotSurviveTests
    {
        private const string HangfireTypes = """
            using System;
            using System.Collections.Generic;
            using Hangfire;

            public class NoPublicConstructor
            {
                private NoPublicConstructor() { }
                internal NoPublicConstructor(int id) { }
                public int Id { get; set; }
            }

            public class TwoConstructors
            {
                public TwoConstructors(int a) => A = a;
                public TwoConstructors(string b) => B = b;
                public int A { get; set; }
                public string B { get; set; } = "";
            }

            public class Tally
            {
                public int Total { get; private set; }
                public void Add(int amount) => Total += amount;
            }

            public class Snapshot
            {
                public Snapshot() { }
                public Snapshot(int count) => Count = count;
                public int Count { get; }
            }

            public interface IShape { }
            public abstract class Animal { }
            public class Drawing { public IShape Shape { get; set; } = null!; }
            public class Zoo { public List<Animal> Animals { get; set; } = new(); }
            public class Bag { public object Item { get; set; } = null!; }
            public class Order { public List<OrderLine> Lines { get; set; } = new(); }
            public class OrderLine { public Order Order { get; set; } = null!; public decimal Price { get; set; } }
            public class Callback { public Action Done { get; set; } = null!; }
            public class Upload { public string Name { get; set; } = ""; public byte[] Content { get; set; } = Array.Empty<byte>(); }
            public class Invoice { public Dictionary<string, Tally> Tallies { get; set; } = new(); }

            """;

        [Fact]
        public Task Hangfire_arguments_whose_type_does_not_round_trip()
            => Verify.VerifyAnalyzerAsync(HangfireTypes + """
                public class Jobs
                {
                    public void Take(NoPublicConstructor x) { }
                    public void Take(TwoConstructors x) { }
                    public void Take(Tally x) { }
                    public void Take(Snapshot x) { }
                    public void Take(Drawing x) { }
                    public void Take(Zoo x) { }
                    public void Take(Bag x) { }
                    public void Take(Order x) { }
                    public void Take(Callback x) { }
                    public void Take(Upload x) { }
                    public void Take(byte[] x) { }
                    public void Take(Invoice x) { }
                }

                public class Caller
                {
                    public void Run(NoPublicConstructor a, TwoConstructors b, Tally c, Snapshot d, Drawing e, Zoo f, Bag g, Order h, Callback i, Upload j, byte[] k, Invoice l)
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.Take(a));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|#1:b|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|#2:c|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|#3:d|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|#4:e|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|#5:f|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|#6:g|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|#7:h|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|#8:i|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|#9:j|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|#10:k|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|#11:l|}));
                    }
                }
                """,
                Verify.Diagnostic("QL0009").WithLocation(1)
                    .WithMessage("Job 'Jobs.Take' carries 'b': 'TwoConstructors' has no constructor Hangfire's JSON serializer can call (a public parameterless one, one marked [JsonConstructor], a single public one, or a non-public parameterless one), so reading it fails every time"),
                Verify.Diagnostic("QL0009").WithLocation(2)
                    .WithMessage("Job 'Jobs.Take' carries 'c': 'Tally.Total' has a non-public setter, which Hangfire's JSON serializer does not call: it arrives as the constructor leaves it"),
                Verify.Diagnostic("QL0009").WithLocation(3)
                    .WithMessage("Job 'Jobs.Take' carries 'd': 'Snapshot.Count' is get-only and not set by the constructor Hangfire's JSON serializer calls: it arrives as that constructor leaves it"),
                Verify.Diagnostic("QL0009").WithLocation(4)
                    .WithMessage("Job 'Jobs.Take' carries 'e': 'Drawing.Shape' is typed as the interface 'IShape' and Hangfire's JSON serializer writes no type name, so reading it fails every time"),
                Verify.Diagnostic("QL0009").WithLocation(5)
                    .WithMessage("Job 'Jobs.Take' carries 'f': 'Zoo.Animals[]' is typed as the abstract class 'Animal' and Hangfire's JSON serializer writes no type name, so reading it fails every time"),
                Verify.Diagnostic("QL0009").WithLocation(6)
                    .WithMessage("Job 'Jobs.Take' carries 'g': 'Bag.Item' is typed 'object': Hangfire's JSON serializer gives back a JSON value, not what was put in"),
                Verify.Diagnostic("QL0009").WithLocation(7)
                    .WithMessage("Job 'Jobs.Take' carries 'h': 'Order.Lines[].Order' points back to 'Order': with both directions filled, Hangfire's JSON serializer fails on the reference loop in the call that hands it over"),
                Verify.Diagnostic("QL0009").WithLocation(8)
                    .WithMessage("Job 'Jobs.Take' carries 'i': 'Callback.Done' is a delegate ('Action'), which belongs to the code that enqueues the job and does not survive serialization"),
                Verify.Diagnostic("QL0009").WithLocation(9).WithSeverity(DiagnosticSeverity.Info)
                    .WithMessage("Job 'Jobs.Take' carries 'j': 'Upload.Content' is file content ('byte[]'), kept in job storage for as long as the job; store it elsewhere and pass a blob reference or a path"),
                Verify.Diagnostic("QL0009").WithLocation(10).WithSeverity(DiagnosticSeverity.Info)
                    .WithMessage("Job 'Jobs.Take' carries 'k': 'byte[]' is file content ('byte[]'), kept in job storage for as long as the job; store it elsewhere and pass a blob reference or a path"),
                Verify.Diagnostic("QL0009").WithLocation(11)
                    .WithMessage("Job 'Jobs.Take' carries 'l': 'Invoice.Tallies[].Total' has a non-public setter, which Hangfire's JSON serializer does not call: it arrives as the constructor leaves it"));

        [Fact]
        public Task Arguments_of_a_configured_wrapper_around_Hangfire_are_followed()
        {
            var test = new Verify.Test { EditorConfig = "queuelint.enqueue_methods = JobService.Enqueue" };
            test.TestState.Sources.Add(HangfireTypes + """
                public class Jobs { public void Take(Tally x) { } }

                public class JobService
                {
                    public string Enqueue<T>(System.Linq.Expressions.Expression<Action<T>> job) => BackgroundJob.Enqueue(job);
                }

                public class Caller
                {
                    public void Run(JobService jobs, Tally tally) => jobs.Enqueue<Jobs>(x => x.Take({|#0:tally|}));
                }
                """);
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0009").WithLocation(0)
                .WithMessage("Job 'Jobs.Take' carries 'tally': 'Tally.Total' has a non-public setter, which Hangfire's JSON serializer does not call: it arrives as the constructor leaves it"));
            return test.RunAsync();
        }

        [Fact]
        public Task Types_that_round_trip_are_quiet()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Net.Mail;
                using System.Text.Json.Serialization;
                using Hangfire;
                using Newtonsoft.Json;

                public enum Status { Open, Closed }
                public record Receipt(decimal Total, DateTime At, Status Status);
                public record Line(string Sku, int Quantity);
                public record Basket(Guid Id, IReadOnlyList<Line> Lines, Dictionary<string, decimal> Prices, DateTimeOffset? Due);
                public struct Point { public int X; public int Y; }

                public class Settings
                {
                    public string Name { get; set; } = "";
                    public TimeSpan Every { get; init; }
                    public List<int> Ids { get; } = new();
                    public string Kind { get; } = "import";
                    public string Version { get; private set; } = "1";
                    public string Upper => Name.ToUpperInvariant();
                    [JsonProperty] public int Attempts { get; private set; }
                    [Newtonsoft.Json.JsonIgnore] public int Cached { get; private set; }
                    public void Bump() { Attempts++; Cached++; }
                }

                public class Filled
                {
                    public Filled(int count, string label) { Count = count; Display = label + count; }
                    public int Count { get; }
                    public string Display { get; private set; }
                }

                public class Node
                {
                    public string Name { get; set; } = "";
                    public List<Node> Children { get; set; } = new();
                    public Node? Next { get; set; }
                }

                public class Mail { public MailAddress To { get; set; } = null!; }

                public interface IShape { }
                public class ShapeConverter : Newtonsoft.Json.JsonConverter<IShape>
                {
                    public override IShape? ReadJson(JsonReader reader, Type objectType, IShape? existingValue, bool hasExistingValue, Newtonsoft.Json.JsonSerializer serializer) => null;
                    public override void WriteJson(JsonWriter writer, IShape? value, Newtonsoft.Json.JsonSerializer serializer) { }
                }

                public class Drawing
                {
                    [Newtonsoft.Json.JsonConverter(typeof(ShapeConverter))] public IShape Shape { get; set; } = null!;
                    [JsonProperty(TypeNameHandling = TypeNameHandling.Auto)] public List<IShape> Layers { get; set; } = new();
                    public System.Collections.ArrayList Legacy { get; set; } = new();
                }

                public class Jobs
                {
                    public void Take(int a, string b, Guid c, Status d, Receipt e, Basket f, Point g, Settings h, Filled i, Node j, Mail k, List<string> l, int[] m, Drawing n) { }
                }

                public class Caller
                {
                    public void Run(Receipt e, Basket f, Settings h, Node j, Mail k, Drawing n)
                        => BackgroundJob.Enqueue<Jobs>(x => x.Take(1, "b", Guid.NewGuid(), Status.Open, e, f, new Point(), h, new Filled(1, "a"), j, k, new List<string>(), new[] { 1 }, n));
                }
                """);

        [Fact]
        public Task Type_names_and_loop_handling_configured_for_Hangfire_keep_those_members_quiet()
            => Verify.VerifyAnalyzerAsync(HangfireTypes + """
                public class Jobs
                {
                    public void Take(Drawing x) { }
                    public void Take(Zoo x) { }
                    public void Take(Bag x) { }
                    public void Take(Order x) { }
                    public void Take(Tally x) { }
                }

                public class Startup
                {
                    public void Configure(IGlobalConfiguration configuration)
                        => configuration.UseRecommendedSerializerSettings(s => s.ReferenceLoopHandling = Newtonsoft.Json.ReferenceLoopHandling.Ignore);
                }

                public class Caller
                {
                    public void Run(Drawing e, Zoo f, Bag g, Order h, Tally c)
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.Take(e));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take(f));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take(g));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take(h));
                        BackgroundJob.Enqueue<Jobs>(x => x.Take({|QL0009:c|}));
                    }
                }
                """);

        [Fact]
        public Task MassTransit_messages_follow_System_Text_Json()
            => Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using MassTransit;

                public interface IAddress { string City { get; } }

                public class PriceChanged
                {
                    public int ProductId { get; set; }
                    public decimal Price { get; private set; }
                    public void Set(decimal price) => Price = price;
                }

                public class StockCounted
                {
                    public int ProductId;
                    public int Count { get; set; }
                }

                public class Moved
                {
                    public Moved(int id, string where) { Id = id; }
                    public int Id { get; }
                }

                public record Shipped(int OrderId, IAddress To, List<string> Parcels);

                [System.Text.Json.Serialization.JsonDerivedType(typeof(Card), "card")]
                public abstract class Payment { }
                public class Card : Payment { public string Last4 { get; set; } = ""; }
                public record Paid(int OrderId, Payment By);

                public class Archived
                {
                    private Archived() { }
                    public int Id { get; set; }
                    public static Archived Create(int id) => new Archived { Id = id };
                }

                public class Batch
                {
                    public int Id { get; set; }
                    public List<int> Items { get; } = new();
                }

                public class Located
                {
                    public Located(int id, string city) { Id = id; City = city; }
                    public int Id { get; }
                    public readonly string City;
                }

                public class Publisher
                {
                    public async Task Run(IPublishEndpoint bus, PriceChanged a, StockCounted b, Shipped d)
                    {
                        await bus.Publish({|#0:a|});
                        await bus.Publish({|#1:b|});
                        await bus.Publish({|#2:new Moved(1, "x")|});
                        await bus.Publish(d);
                        await bus.Publish(new Paid(1, new Card()));
                        await bus.Publish({|#3:Archived.Create(1)|});
                        await bus.Publish({|#4:new Batch { Id = 1 }|});
                        await bus.Publish({|#5:new Located(1, "Oslo")|});
                    }
                }
                """,
                Verify.Diagnostic("QL0009").WithLocation(0)
                    .WithMessage("MassTransit message 'PriceChanged' carries 'a': 'PriceChanged.Price' has a non-public setter, which MassTransit's JSON serializer does not call: it arrives as the constructor leaves it"),
                Verify.Diagnostic("QL0009").WithLocation(1)
                    .WithMessage("MassTransit message 'StockCounted' carries 'b': 'StockCounted.ProductId' is a field, which MassTransit's JSON serializer does not write: it arrives with its default value"),
                Verify.Diagnostic("QL0009").WithLocation(2)
                    .WithMessage("MassTransit message 'Moved' carries 'new Moved(1, \"x\")': the constructor of 'Moved' has a parameter 'where' that matches no property, so MassTransit's JSON serializer refuses to read it"),
                Verify.Diagnostic("QL0009").WithLocation(3)
                    .WithMessage("MassTransit message 'Archived' carries 'Archived.Create(1)': 'Archived' has no constructor MassTransit's JSON serializer can call (a public parameterless one, one marked [JsonConstructor], or a single public one), so reading it fails every time"),
                Verify.Diagnostic("QL0009").WithLocation(4)
                    .WithMessage("MassTransit message 'Batch' carries 'new Batch { Id = 1 }': 'Batch.Items' is get-only and not set by the constructor MassTransit's JSON serializer calls: it arrives as that constructor leaves it"),
                Verify.Diagnostic("QL0009").WithLocation(5)
                    .WithMessage("MassTransit message 'Located' carries 'new Located(1, \"Oslo\")': the constructor of 'Located' has a parameter 'city' that matches no property, so MassTransit's JSON serializer refuses to read it"));

        [Fact]
        public Task Rebus_messages_follow_its_System_Text_Json_serializer()
            => Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Rebus.Bus;

                public interface IShape { string Kind { get; } }

                public class Drawn { public int Id { get; set; } public IShape Shape { get; set; } = null!; }

                public class Counted
                {
                    public int Id { get; set; }
                    public List<int> Items { get; } = new();
                }

                public record Placed(int OrderId, List<string> Lines);

                public class Sender
                {
                    public async Task Run(IBus bus, Drawn a, Counted b)
                    {
                        await bus.Send({|#0:a|});
                        await bus.Publish({|#1:b|});
                        await bus.SendLocal(new Placed(1, new List<string>()));
                    }
                }
                """,
                Verify.Diagnostic("QL0009").WithLocation(0)
                    .WithMessage("Rebus message 'Drawn' carries 'a': 'Drawn.Shape' is typed as the interface 'IShape' and Rebus's JSON serializer writes no type name, so reading it fails every time"),
                Verify.Diagnostic("QL0009").WithLocation(1)
                    .WithMessage("Rebus message 'Counted' carries 'b': 'Counted.Items' is get-only and not set by the constructor Rebus's JSON serializer calls: it arrives as that constructor leaves it"));

        [Fact]
        public Task Rebus_messages_are_not_judged_when_the_serializer_is_configured()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Rebus.Bus;

                public interface IShape { }
                public class Drawn { public IShape Shape { get; set; } = null!; }

                public static class Setup
                {
                    // Configure.With(...).Serialization(s => s.UseNewtonsoftJson(JsonInteroperabilityMode.FullTypeInformation))
                    public const string Serializer = "UseNewtonsoftJson";
                }

                public class Sender
                {
                    public Task Run(IBus bus, Drawn a) => bus.Send(a);
                }
                """);

        [Fact]
        public Task CAP_messages_follow_its_System_Text_Json_serializer()
            => Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using DotNetCore.CAP;

                public interface IShape { string Kind { get; } }

                public class Drawn { public int Id { get; set; } public IShape Shape { get; set; } = null!; }

                public class Paid
                {
                    public int OrderId { get; set; }
                    public decimal Amount { get; private set; }
                    public void Settle(decimal amount) => Amount = amount;
                }

                public class Line { public int Quantity { get; set; } public Basket Basket { get; set; } = null!; }

                public class Basket { public int Id { get; set; } public List<Line> Lines { get; set; } = new(); }

                public record Placed(int OrderId, List<string> Lines);

                public class Sender
                {
                    public async Task Run(ICapPublisher publisher, Drawn a, Paid b, Basket c)
                    {
                        await publisher.PublishAsync("drawn", {|#0:a|});
                        publisher.Publish("paid", {|#1:b|});
                        await publisher.PublishDelayAsync(System.TimeSpan.FromMinutes(1), "basket", {|#2:c|});
                        await publisher.PublishAsync("placed", new Placed(1, new List<string>()));
                        await publisher.PublishAsync("count", 5);
                    }
                }
                """,
                Verify.Diagnostic("QL0009").WithLocation(0)
                    .WithMessage("CAP message 'Drawn' carries 'a': 'Drawn.Shape' is typed as the interface 'IShape' and CAP's JSON serializer writes no type name, so reading it fails every time"),
                Verify.Diagnostic("QL0009").WithLocation(1)
                    .WithMessage("CAP message 'Paid' carries 'b': 'Paid.Amount' has a non-public setter, which CAP's JSON serializer does not call: it arrives as the constructor leaves it"),
                Verify.Diagnostic("QL0009").WithLocation(2)
                    .WithMessage("CAP message 'Basket' carries 'c': 'Basket.Lines[].Basket' points back to 'Basket': with both directions filled, CAP's JSON serializer fails on the reference loop in the call that hands it over"));

        [Fact]
        public Task CAP_messages_are_not_judged_when_its_serializer_is_configured()
            => Verify.VerifyAnalyzerAsync("""
                using System.Text.Json.Serialization;
                using System.Threading.Tasks;
                using DotNetCore.CAP;
                using Microsoft.Extensions.DependencyInjection;

                public class Line { public int Quantity { get; set; } public Basket Basket { get; set; } = null!; }
                public class Basket { public int Id { get; set; } public Line[] Lines { get; set; } = []; }

                public static class Setup
                {
                    public static void Add(IServiceCollection services)
                        => services.AddCap(options => options.JsonSerializerOptions.ReferenceHandler = ReferenceHandler.Preserve);
                }

                public class Sender
                {
                    public Task Run(ICapPublisher publisher, Basket basket) => publisher.PublishAsync("basket", basket);
                }
                """);

        [Fact]
        public Task The_JSON_options_of_a_web_API_do_not_configure_CAP()
            => Verify.VerifyAnalyzerAsync("""
                using System.Text.Json;
                using System.Threading.Tasks;
                using DotNetCore.CAP;

                public class Line { public int Quantity { get; set; } public Basket Basket { get; set; } = null!; }
                public class Basket { public int Id { get; set; } public Line[] Lines { get; set; } = []; }

                public static class Api
                {
                    public static readonly JsonSerializerOptions JsonSerializerOptions = new(JsonSerializerDefaults.Web);
                }

                public class Sender
                {
                    public Task Run(ICapPublisher publisher, Basket basket) => publisher.PublishAsync("basket", {|#0:basket|});
                }
                """,
                Verify.Diagnostic("QL0009").WithLocation(0)
                    .WithMessage("CAP message 'Basket' carries 'basket': 'Basket.Lines[].Basket' points back to 'Basket': with both directions filled, CAP's JSON serializer fails on the reference loop in the call that hands it over"));

        // The isolated worker's Durable extension makes the worker's serializer (System.Text.Json, no fields) the data
        // converter of orchestrations and activities.
        [Fact]
        public Task Durable_inputs_in_an_isolated_Functions_app_follow_the_workers_serializer()
            => Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;
                using Microsoft.DurableTask;
                using Microsoft.DurableTask.Client;

                public interface IShape { string Kind { get; } }

                public class Drawn { public int Id { get; set; } public IShape Shape { get; set; } = null!; }

                public class Tally { public int Id { get; set; } public int Count; }

                public class Line { public int Quantity { get; set; } public Basket Basket { get; set; } = null!; }

                public class Basket { public int Id { get; set; } public List<Line> Lines { get; set; } = new(); }

                public record Charge(int OrderId, decimal Amount);

                public class Orchestrations
                {
                    [Function("fulfil")]
                    public async Task Run([OrchestrationTrigger] TaskOrchestrationContext context, Drawn a, Tally b)
                    {
                        await context.CallActivityAsync("draw", {|#0:a|});
                        await context.CallActivityAsync("count", {|#1:b|});
                        await context.CallActivityAsync("charge", new Charge(1, 2m));
                    }

                    public Task Start(DurableTaskClient client, Basket c)
                        => client.ScheduleNewOrchestrationInstanceAsync("fulfil", {|#2:c|});
                }
                """,
                Verify.Diagnostic("QL0009").WithLocation(0)
                    .WithMessage("Durable activity input 'Drawn' carries 'a': 'Drawn.Shape' is typed as the interface 'IShape' and the Functions worker's JSON serializer writes no type name, so reading it fails every time"),
                Verify.Diagnostic("QL0009").WithLocation(1)
                    .WithMessage("Durable activity input 'Tally' carries 'b': 'Tally.Count' is a field, which the Functions worker's JSON serializer does not write: it arrives with its default value"),
                Verify.Diagnostic("QL0009").WithLocation(2)
                    .WithMessage("Durable orchestration input 'Basket' carries 'c': 'Basket.Lines[].Basket' points back to 'Basket': with both directions filled, the Functions worker's JSON serializer fails on the reference loop in the call that hands it over"));

        // Outside Functions, the Durable Task SDK's JsonDataConverter includes fields: a public field, and a readonly one
        // its constructor binds, come back.
        [Fact]
        public Task Durable_Task_SDK_inputs_follow_its_data_converter_which_includes_fields()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading.Tasks;
                    using Microsoft.DurableTask;
                    using Microsoft.DurableTask.Client;

                    public interface IShape { string Kind { get; } }

                    public class Drawn { public int Id { get; set; } public IShape Shape { get; set; } = null!; }

                    public class Tally { public int Id { get; set; } public int Count; }

                    public class Coded
                    {
                        public readonly string Code;
                        public Coded(string code) => Code = code;
                    }

                    public class Starter
                    {
                        public async Task Start(DurableTaskClient client, TaskOrchestrationContext context, Drawn a, Tally b, Coded c)
                        {
                            await client.ScheduleNewOrchestrationInstanceAsync("draw", {|#0:a|});
                            await client.ScheduleNewOrchestrationInstanceAsync("count", b);
                            await context.CallActivityAsync("code", c);
                        }
                    }
                    """,
                References = SnippetReferences.FrameworksWithoutFunctionsDurable,
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0009").WithLocation(0)
                .WithMessage("Durable orchestration input 'Drawn' carries 'a': 'Drawn.Shape' is typed as the interface 'IShape' and the Durable Task data converter writes no type name, so reading it fails every time"));
            return test.RunAsync();
        }

        [Fact]
        public Task Durable_inputs_are_not_judged_in_process_or_when_the_converter_is_configured()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading.Tasks;
                    using Microsoft.Azure.WebJobs;
                    using Microsoft.Azure.WebJobs.Extensions.DurableTask;
                    using Microsoft.DurableTask.Client;

                    public interface IShape { string Kind { get; } }

                    public class Drawn { public int Id { get; set; } public IShape Shape { get; set; } = null!; }

                    public static class Setup
                    {
                        // services.AddDurableTaskClient(b => b.Configure(o => o.DataConverter = new TypedConverter()))
                        public const string Converter = nameof(DurableTaskClientOptions.DataConverter);
                    }

                    public static class Functions
                    {
                        [FunctionName("fulfil")]
                        public static Task Run([OrchestrationTrigger] IDurableOrchestrationContext context, Drawn a)
                            => context.CallActivityAsync("draw", a);

                        public static Task Start(DurableTaskClient client, Drawn a)
                            => client.ScheduleNewOrchestrationInstanceAsync("draw", a);
                    }
                    """,
                References = SnippetReferences.FrameworksWithoutFunctionsDurable,
            };
            return test.RunAsync();
        }

        [Fact]
        public Task MassTransit_messages_are_not_judged_when_the_serializer_is_configured()
            => Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using MassTransit;

                public class Dispatch
                {
                    public string Id { get; set; } = "";
                    public IDictionary<string, object> Input { get; set; } = new Dictionary<string, object>();
                    public decimal Price { get; private set; }
                }

                public class Setup
                {
                    public void Configure(IBusFactoryConfigurator bus) => bus.ConfigureJsonSerializerOptions(options => options);
                }

                public class Dispatcher
                {
                    public Task Run(ISendEndpoint endpoint, Dispatch message) => endpoint.Send(message);
                }
                """);

        [Fact]
        public Task Quartz_job_data_that_is_not_text_when_the_store_uses_properties()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using Quartz;

                public class ReminderJob : IJob
                {
                    public System.Threading.Tasks.Task Execute(IJobExecutionContext context) => System.Threading.Tasks.Task.CompletedTask;
                }

                public class Setup
                {
                    public SchedulerBuilder Build()
                        => SchedulerBuilder.Create().UsePersistentStore(store => { store.UseProperties = true; });

                    public IJobDetail Job(JobDataMap map)
                    {
                        map["due"] = {|#0:DateTime.UtcNow|};
                        map["name"] = "invoice";
                        map.PutAsString("attempts", 3);
                        return JobBuilder.Create<ReminderJob>()
                            .UsingJobData("count", {|#1:5|})
                            .UsingJobData("customer", "c-1")
                            .UsingJobData(map)
                            .Build();
                    }
                }
                """,
                Verify.Diagnostic("QL0009").WithLocation(0)
                    .WithMessage("Quartz job data 'due' carries 'DateTime.UtcNow': Quartz's job store is configured with useProperties, under which Quartz refuses a value that is not a string ('DateTime') when the job or trigger is stored; put it as text (PutAsString)"),
                Verify.Diagnostic("QL0009").WithLocation(1)
                    .WithMessage("Quartz job data 'count' carries '5': Quartz's job store is configured with useProperties, under which Quartz refuses a value that is not a string ('int') when the job or trigger is stored; put it as text (PutAsString)"));

        [Fact]
        public Task Quartz_job_data_is_not_judged_when_the_store_keeps_objects()
            => Verify.VerifyAnalyzerAsync("""
                using System.Collections.Specialized;
                using Quartz;

                public class Setup
                {
                    public NameValueCollection Properties() => new NameValueCollection { ["quartz.jobStore.useProperties"] = "false" };

                    public void Fill(JobDataMap map) => map["count"] = 5;
                }
                """);

        [Fact]
        public Task Quartz_properties_configured_as_text_are_read()
            => Verify.VerifyAnalyzerAsync("""
                using System.Collections.Specialized;
                using Quartz;

                public class Setup
                {
                    public NameValueCollection Properties() => new NameValueCollection { ["quartz.jobStore.useProperties"] = "true" };

                    public void Fill(JobDataMap map) => map["count"] = {|QL0009:5|};
                }
                """);

        [Fact]
        public Task Strict_arguments_report_every_argument_that_is_not_a_simple_value()
        {
            var test = new Verify.Test { EditorConfig = "QL0009.strict_arguments = true" };
            test.TestState.Sources.Add("""
                using System;
                using System.Collections.Generic;
                using System.Threading;
                using Hangfire;

                public record Receipt(decimal Total);

                public class Jobs
                {
                    public void Take(int id, string name, Guid key, List<int> ids, Dictionary<string, string> tags, DateTime? at, Receipt receipt, CancellationToken token) { }
                }

                public class Caller
                {
                    public void Run(Receipt receipt)
                        => BackgroundJob.Enqueue<Jobs>(x => x.Take(1, "n", Guid.Empty, new List<int>(), new Dictionary<string, string>(), null, {|#0:receipt|}, CancellationToken.None));
                }
                """);
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0009").WithLocation(0)
                .WithMessage("Job 'Jobs.Take' carries 'receipt': it is not a simple value or a collection of simple values; pass the id and load it in the job"));
            return test.RunAsync();
        }

        [Fact]
        public Task The_strict_preset_turns_strict_arguments_on()
        {
            var test = new Verify.Test();
            var preset = File.ReadAllText(RepositoryPaths.Combine("src", "Package", "configuration", "strict.globalconfig"));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", preset));
            test.TestState.Sources.Add("""
                using Hangfire;

                public record Receipt(decimal Total);

                public class Jobs { public void Take(int id, Receipt receipt) { } }

                public class Caller
                {
                    public void Run(Receipt receipt) => BackgroundJob.Enqueue<Jobs>(x => x.Take(1, {|#0:receipt|}));
                }
                """);
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0009").WithLocation(0)
                .WithMessage("Job 'Jobs.Take' carries 'receipt': it is not a simple value or a collection of simple values; pass the id and load it in the job"));
            return test.RunAsync();
        }

        [Fact]
        public Task Strict_arguments_are_off_by_default()
            => Verify.VerifyAnalyzerAsync("""
                using Hangfire;

                public record Receipt(decimal Total);

                public class Jobs { public void Take(Receipt receipt) { } }

                public class Caller
                {
                    public void Run(Receipt receipt) => BackgroundJob.Enqueue<Jobs>(x => x.Take(receipt));
                }
                """);
    }
}
