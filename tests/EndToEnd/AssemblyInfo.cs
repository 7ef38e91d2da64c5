// Real encoders and the server share two cores; running these one at a time keeps timing assertions honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
