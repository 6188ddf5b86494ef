// Imported first by the local entry points (npm start, the kpi command line): the machines here run Node 20,
// and the AWS SDK warns on every process that its future releases need Node 22. Lambda runs nodejs24.x, so
// the warning is noise for a local run; an explicit setting in the environment still wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
