// validate_doc_update of the reference database `ref` (_design/jingzhun): regions, measures,
// funds, disbursements and the township and county records. Villages read it; only the county
// office writes it. Plain ES5, see validate_village.js.
function (newDoc, oldDoc, userCtx, secObj) {
  var roles = (userCtx && userCtx.roles) || [];
  if (roles.indexOf('_admin') === -1 && roles.indexOf('county') === -1) {
    throw { forbidden: 'only the county office writes reference records (' + newDoc._id + ')' };
  }
  if (newDoc._deleted || !oldDoc || oldDoc._deleted) return;
  var before = (oldDoc.record && oldDoc.record.rev) || {};
  var after = (newDoc.record && newDoc.record.rev) || {};
  for (var replica in before) {
    if (!(after[replica] >= before[replica])) {
      throw { forbidden: 'record ' + newDoc._id + ' was changed on the server meanwhile: ' +
        'this write is based on an older version' };
    }
  }
}
