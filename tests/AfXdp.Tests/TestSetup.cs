// The tests share two cores with the sender and with each other's poll threads; run them one at a time so that
// drop counts and rates mean something.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
