// validate_doc_update of one village database (_design/jingzhun). scripts/couchdb-setup replaces
// __VILLAGE__ with the village id (a JSON string) before storing it. Plain ES5: CouchDB 3 runs it
// in SpiderMonkey (or QuickJS from 3.4). The app shows `forbidden` as "refused by the server: ...".
function (newDoc, oldDoc, userCtx, secObj) {
  var VILLAGE = __VILLAGE__;
  var roles = (userCtx && userCtx.roles) || [];
  var office = roles.indexOf('_admin') !== -1 || roles.indexOf('county') !== -1;
  var name = newDoc._id;

  if (newDoc._deleted) {
    if (office) return;
    throw { forbidden: 'only the county office prunes documents (' + name + ')' };
  }
  if (!office) {
    if (newDoc.village !== VILLAGE) {
      throw { forbidden: 'record ' + name + ' belongs to ' +
        (newDoc.village == null ? 'the reference database' : 'village ' + newDoc.village) +
        ', but this database is for village ' + VILLAGE };
    }
    var record = newDoc.record || {};
    if (typeof newDoc.collection !== 'string' || name !== newDoc.collection + ':' + record.id) {
      throw { forbidden: 'document ' + name + ' must be named collection:id (' +
        newDoc.collection + ':' + record.id + ')' };
    }
  }
  // Version vectors: the new record must have seen every edit of the stored one.
  if (oldDoc && !oldDoc._deleted) {
    var before = (oldDoc.record && oldDoc.record.rev) || {};
    var after = (newDoc.record && newDoc.record.rev) || {};
    for (var replica in before) {
      if (!(after[replica] >= before[replica])) {
        throw { forbidden: 'record ' + name + ' was changed on the server meanwhile: ' +
          'this write is based on an older version' };
      }
    }
  }
}
