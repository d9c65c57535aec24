//! [`model!`](crate::model!): a model declared by hand through the public API, in as many lines as it has fields,
//! with everything a generated model has (the field table, the shared codec, serde, `Debug`, `PartialEq`,
//! [`Model`](crate::model::Model), and so [`FromResponse`](crate::FromResponse)). For a type the doc folder lacks,
//! or a trimmed view of one.

/// Declares a model: a struct whose fields are `Option<T>` named for their JSON member, plus `additional` for the
/// members it does not declare (kept and written back, as for generated models).
///
/// ```
/// graph_runtime::model! {
///     /// A user, as far as this program cares.
///     pub struct User: "microsoft.graph.user" {
///         /// The object id.
///         id: String = "id",
///         /// The name shown.
///         display_name: String = "displayName",
///     }
/// }
///
/// let user: User = serde_json::from_str(r#"{"id": "1", "displayName": "Adele", "jobTitle": "CEO"}"#).unwrap();
/// assert_eq!(user.display_name.as_deref(), Some("Adele"));
/// assert_eq!(user.additional["jobTitle"], "CEO");
/// assert_eq!(serde_json::to_value(&user).unwrap()["jobTitle"], "CEO");
/// ```
#[macro_export]
macro_rules! model {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident : $odata_type:literal {
            $( $(#[$field_meta:meta])* $field:ident : $ty:ty = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Default)]
        $vis struct $name {
            $( $(#[$field_meta])* pub $field: ::core::option::Option<$ty>, )*
            /// JSON members the model does not declare, kept as sent.
            pub additional: $crate::model::Additional,
        }

        impl $crate::model::Fields for $name {
            #[allow(unused_mut, unused_assignments, unused_variables)]
            fn member(&mut self, index: usize) -> $crate::model::Member<'_> {
                let mut at = 0usize;
                $(
                    if index == at {
                        return $crate::model::Member::Field(&mut self.$field);
                    }
                    at += 1;
                )*
                static TABLE: $crate::model::Table = $crate::model::Table {
                    odata_type: $odata_type,
                    names: &[$($wire),*],
                };
                $crate::model::Member::Additional(&TABLE, &mut self.additional)
            }

            fn additional(&self) -> &$crate::model::Additional {
                &self.additional
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::model::serialize(self, serializer)
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::model::deserialize(deserializer)
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::model::debug(self, f)
            }
        }

        impl ::core::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                $crate::model::eq(self, other)
            }
        }

    };
}

#[cfg(test)]
mod tests {
    crate::model! {
        /// A drive item, trimmed.
        struct Item: "microsoft.graph.driveItem" {
            id: String = "id",
            size: i64 = "size",
            children: Vec<Item> = "children",
        }
    }

    crate::model! {
        /// No fields at all: everything goes to `additional`.
        struct Bare: "microsoft.graph.entity" {}
    }

    #[test]
    fn a_declared_model_decodes_keeps_and_round_trips() {
        let text = r#"{"id":"1","size":5,"children":[{"id":"2","extra":true}],"@odata.etag":"x"}"#;
        let item: Item = serde_json::from_str(text).unwrap();
        assert_eq!(item.size, Some(5));
        assert_eq!(item.children.as_ref().unwrap()[0].id.as_deref(), Some("2"));
        assert_eq!(item.additional["@odata.etag"], "x");
        let back: serde_json::Value = serde_json::to_value(&item).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
        assert_eq!(item.clone(), item);
        assert!(format!("{item:?}").starts_with("driveItem {"));
        let bare: Bare = serde_json::from_str(text).unwrap();
        assert_eq!(bare.additional.len(), 4);
    }
}
